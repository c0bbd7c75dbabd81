/*===- bench.h - what every bench harness shares ---------------------*- C -*-===//
//
// The markers that open and close the measured region for the bench's qemu
// plugin (bench/plugin/region.c): `hint #0x70` and `hint #0x71`, NOPs on
// hardware. A seeded pseudo-random fill, so every run sees the same data.
// And a list of the loaded objects' executable segments, printed after the
// measurement, which lets bench/run.py name the code the plugin's profile
// points at.
//
//===----------------------------------------------------------------------===*/

#ifndef BENCH_HARNESS_BENCH_H
#define BENCH_HARNESS_BENCH_H

#include <link.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define BENCH_START() __asm__ __volatile__("hint #0x70" ::: "memory")
#define BENCH_STOP() __asm__ __volatile__("hint #0x71" ::: "memory")

/* Bytes from a 32-bit linear congruential generator seeded with `seed`. */
static inline void bench_fill(void *data, size_t n, uint32_t seed) {
  unsigned char *p = (unsigned char *)data;
  size_t i;
  for (i = 0; i < n; ++i) {
    seed = seed * 1664525u + 1013904223u;
    p[i] = (unsigned char)(seed >> 24);
  }
}

static int bench_object(struct dl_phdr_info *info, size_t size, void *unused) {
  int i;
  (void)size;
  (void)unused;
  for (i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
    if (ph->p_type == PT_LOAD && (ph->p_flags & PF_X))
      printf("object %s 0x%llx 0x%llx 0x%llx\n",
             info->dlpi_name[0] ? info->dlpi_name : "-",
             (unsigned long long)info->dlpi_addr,
             (unsigned long long)(info->dlpi_addr + ph->p_vaddr),
             (unsigned long long)(info->dlpi_addr + ph->p_vaddr + ph->p_memsz));
  }
  return 0;
}

/* Prints "object NAME LOAD_BASE START END" per executable segment of every
 * loaded object ("-" names the program itself). */
static inline void bench_objects(void) {
  dl_iterate_phdr(bench_object, NULL);
}

#endif /* BENCH_HARNESS_BENCH_H */
