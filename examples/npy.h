/*===- npy.h - minimal .npy reading and writing for the examples ---*- C -*-===//
//
// This file reads and writes NumPy's .npy format (version 1, C order,
// little-endian), enough for the examples and the end-to-end tests to exchange
// tensors with Python. Header-only; it uses stdio, so it belongs to host-side
// programs (and programs run under qemu), not to firmware itself.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_EXAMPLES_NPY_H
#define QCC_EXAMPLES_NPY_H

#include <stdio.h>
#include <string.h>

/* Reads `count` elements of type `descr` ("<f4", "<i8", ...) and `size`
 * bytes each from the C-order .npy file at `path`; 0 on success. */
static inline int npy_read(const char *path, const char *descr,
                           size_t size, void *data, long count) {
  unsigned char prefix[10];
  char header[4096], quoted[16];
  unsigned long length;
  FILE *f = fopen(path, "rb");
  if (!f || fread(prefix, 1, 10, f) != 10 || memcmp(prefix, "\x93NUMPY", 6))
    return fprintf(stderr, "%s: not a .npy file\n", path), 1;
  length = prefix[8] | (unsigned long)prefix[9] << 8;
  if (prefix[6] != 1 || length >= sizeof header ||
      fread(header, 1, length, f) != length)
    return fprintf(stderr, "%s: unsupported .npy header\n", path), 1;
  header[length] = 0;
  sprintf(quoted, "'%s'", descr);
  if (!strstr(header, quoted) || strstr(header, "True"))
    return fprintf(stderr, "%s: expected C-order %s\n", path, descr), 1;
  if (fread(data, size, (size_t)count, f) != (size_t)count)
    return fprintf(stderr, "%s: expected %ld values\n", path, count), 1;
  fclose(f);
  return 0;
}

/* Writes float32 `data` of `shape` as a version-1 .npy file, byte for byte
 * as numpy.save does; 0 on success. */
static inline int npy_write_f32(const char *path, const float *data,
                                const int *shape, int rank, long count) {
  char dict[256], header[256];
  int n = 0, i, pad;
  FILE *f = fopen(path, "wb");
  if (!f)
    return fprintf(stderr, "%s: cannot write\n", path), 1;
  n += sprintf(dict + n, "{'descr': '<f4', 'fortran_order': False, 'shape': (");
  /* As numpy writes it: (10,) for one dimension, (1, 10) for more. */
  for (i = 0; i < rank; ++i)
    n += sprintf(dict + n, i + 1 < rank ? "%d, " : rank == 1 ? "%d," : "%d",
                 shape[i]);
  n += sprintf(dict + n, "), }");
  pad = 64 - (10 + n + 1) % 64;
  memset(header, ' ', sizeof header);
  memcpy(header, dict, (size_t)n);
  header[n + pad] = '\n';
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc((n + pad + 1) & 0xff, f);
  fputc((n + pad + 1) >> 8, f);
  fwrite(header, 1, (size_t)(n + pad + 1), f);
  fwrite(data, sizeof(float), (size_t)count, f);
  return fclose(f) != 0;
}

#endif /* QCC_EXAMPLES_NPY_H */
