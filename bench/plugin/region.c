/*===- region.c - count AArch64 instructions between two markers ---*- C -*-===//
//
// A qemu TCG plugin for the bench: it counts the guest instructions executed
// between the marker instructions `hint #0x70` (start) and `hint #0x71`
// (stop), which are NOPs everywhere else, and among them the
// multiply-accumulate classes of interest (dot products, matrix multiplies,
// widening multiplies). The markers themselves are not counted.
//
// Counting is exact: every translation block's class counts are computed when
// it is translated and added by one callback each time it executes while a
// region is open; a block holding a marker instead gets a callback per
// instruction. The guest is assumed to be single-threaded.
//
// Arguments: out=FILE (default: qemu's log, i.e. stderr) and profile=on,
// which adds the instructions executed inside regions per block start
// address ("block ADDRESS COUNT"), to find the code that executed them.
//
//===----------------------------------------------------------------------===*/

#include <qemu-plugin.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

QEMU_PLUGIN_EXPORT int qemu_plugin_version = QEMU_PLUGIN_VERSION;

/* HINT #imm is 0xd503201f | imm << 5. */
#define MARK_START (0xd503201fu | 0x70u << 5)
#define MARK_STOP (0xd503201fu | 0x71u << 5)

enum { ALL, SDOT, UDOT, USDOT, SMMLA, UMMLA, USMMLA, MLAL, ADALP, MULL, COUNTERS };

static const char *const counter_names[COUNTERS] = {
    "insns", "sdot", "udot", "usdot", "smmla", "ummla", "usmmla",
    "mlal", "adalp", "mull"};

/* Encodings (Arm ARM, Advanced SIMD): the mask keeps the opcode bits and
 * drops registers, lane indices and Q; for the widening classes also the
 * element size. U (bit 29) is part of the mask where it separates the signed
 * from the unsigned form, and is left out where both count alike. */
static const struct {
  uint32_t mask, value;
  int counter;
} classes[] = {
    {0xbfe0fc00u, 0x0e809400u, SDOT},   /* SDOT Vd.T, Vn.Tb, Vm.Tb */
    {0xbfc0f400u, 0x0f80e000u, SDOT},   /* SDOT Vd.T, Vn.Tb, Vm.4B[i] */
    {0xbfe0fc00u, 0x2e809400u, UDOT},   /* UDOT vector */
    {0xbfc0f400u, 0x2f80e000u, UDOT},   /* UDOT by element */
    {0xbfe0fc00u, 0x0e809c00u, USDOT},  /* USDOT vector */
    {0xbfc0f400u, 0x0f80f000u, USDOT},  /* USDOT by element */
    {0xbfc0f400u, 0x0f00f000u, USDOT},  /* SUDOT by element */
    {0xffe0fc00u, 0x4e80a400u, SMMLA},  /* SMMLA Vd.4S, Vn.16B, Vm.16B */
    {0xffe0fc00u, 0x6e80a400u, UMMLA},  /* UMMLA */
    {0xffe0fc00u, 0x4e80ac00u, USMMLA}, /* USMMLA */
    {0x9f20fc00u, 0x0e208000u, MLAL},   /* SMLAL{2}, UMLAL{2} vector */
    {0x9f00f400u, 0x0f002000u, MLAL},   /* SMLAL{2}, UMLAL{2} by element */
    {0x9f3ffc00u, 0x0e206800u, ADALP},  /* SADALP, UADALP */
    {0x9f20fc00u, 0x0e20c000u, MULL},   /* SMULL{2}, UMULL{2} vector */
    {0x9f00f400u, 0x0f00a000u, MULL},   /* SMULL{2}, UMULL{2} by element */
};

struct block {
  uint64_t vaddr;
  uint64_t counts[COUNTERS]; /* of the block's instructions, per class */
  uint64_t executed;         /* instructions executed inside regions */
  struct block *next;        /* every translation, for the profile */
};

struct insn {
  uint32_t marker; /* 0, or the marker's encoding */
  int counter;
  struct block *block;
};

static uint64_t totals[COUNTERS];
static uint64_t regions;
static int active;
static struct block *blocks;
static FILE *out;
static int profile;

static int classify(uint32_t word) {
  size_t i;
  for (i = 0; i < sizeof classes / sizeof classes[0]; ++i)
    if ((word & classes[i].mask) == classes[i].value)
      return classes[i].counter;
  return ALL;
}

static void block_exec(unsigned int vcpu, void *udata) {
  struct block *b = udata;
  int i;
  (void)vcpu;
  if (!active)
    return;
  for (i = 0; i < COUNTERS; ++i)
    totals[i] += b->counts[i];
  b->executed += b->counts[ALL];
}

static void insn_exec(unsigned int vcpu, void *udata) {
  struct insn *in = udata;
  (void)vcpu;
  if (in->marker == MARK_START) {
    regions += !active;
    active = 1;
  } else if (in->marker == MARK_STOP) {
    active = 0;
  } else if (active) {
    ++totals[ALL];
    if (in->counter != ALL)
      ++totals[in->counter];
    ++in->block->executed;
  }
}

static void tb_trans(qemu_plugin_id_t id, struct qemu_plugin_tb *tb) {
  size_t n = qemu_plugin_tb_n_insns(tb), i;
  struct block *b = calloc(1, sizeof *b);
  uint32_t *words = calloc(n ? n : 1, sizeof *words);
  int has_marker = 0;
  (void)id;
  if (!b || !words)
    abort();
  b->vaddr = qemu_plugin_tb_vaddr(tb);
  b->next = blocks;
  blocks = b;
  for (i = 0; i < n; ++i) {
    struct qemu_plugin_insn *insn = qemu_plugin_tb_get_insn(tb, i);
    int counter;
    memcpy(&words[i], qemu_plugin_insn_data(insn), sizeof words[i]);
    counter = classify(words[i]);
    ++b->counts[ALL];
    if (counter != ALL)
      ++b->counts[counter];
    has_marker |= words[i] == MARK_START || words[i] == MARK_STOP;
  }
  if (!has_marker) {
    qemu_plugin_register_vcpu_tb_exec_cb(tb, block_exec, QEMU_PLUGIN_CB_NO_REGS,
                                         b);
  } else {
    for (i = 0; i < n; ++i) {
      struct insn *in = malloc(sizeof *in);
      if (!in)
        abort();
      in->marker =
          words[i] == MARK_START || words[i] == MARK_STOP ? words[i] : 0;
      in->counter = classify(words[i]);
      in->block = b;
      qemu_plugin_register_vcpu_insn_exec_cb(qemu_plugin_tb_get_insn(tb, i),
                                             insn_exec, QEMU_PLUGIN_CB_NO_REGS,
                                             in);
    }
  }
  free(words);
}

static int by_vaddr(const void *a, const void *b) {
  const struct block *x = *(struct block *const *)a,
                     *y = *(struct block *const *)b;
  return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

static void emit(const char *line) {
  if (out)
    fputs(line, out);
  else
    qemu_plugin_outs(line);
}

/* The instructions executed inside regions per block address, summed over
 * the block's translations. */
static void emit_profile(void) {
  size_t n = 0, i;
  struct block *b, **sorted;
  char line[64];
  for (b = blocks; b; b = b->next)
    n += b->executed != 0;
  sorted = malloc((n ? n : 1) * sizeof *sorted);
  if (!sorted)
    abort();
  n = 0;
  for (b = blocks; b; b = b->next)
    if (b->executed)
      sorted[n++] = b;
  qsort(sorted, n, sizeof *sorted, by_vaddr);
  for (i = 0; i < n; ++i) {
    uint64_t sum = sorted[i]->executed;
    while (i + 1 < n && sorted[i + 1]->vaddr == sorted[i]->vaddr)
      sum += sorted[++i]->executed;
    snprintf(line, sizeof line, "block 0x%llx %llu\n",
             (unsigned long long)sorted[i]->vaddr, (unsigned long long)sum);
    emit(line);
  }
  free(sorted);
}

static void at_exit(qemu_plugin_id_t id, void *udata) {
  char line[64];
  int i;
  (void)id;
  (void)udata;
  snprintf(line, sizeof line, "regions %llu\n", (unsigned long long)regions);
  emit(line);
  for (i = 0; i < COUNTERS; ++i) {
    snprintf(line, sizeof line, "%s %llu\n", counter_names[i],
             (unsigned long long)totals[i]);
    emit(line);
  }
  if (profile)
    emit_profile();
  if (out)
    fclose(out);
}

QEMU_PLUGIN_EXPORT int qemu_plugin_install(qemu_plugin_id_t id,
                                           const qemu_info_t *info, int argc,
                                           char **argv) {
  int i;
  bool on;
  if (strcmp(info->target_name, "aarch64") != 0) {
    fprintf(stderr, "region: AArch64 guests only\n");
    return -1;
  }
  for (i = 0; i < argc; ++i) {
    if (strncmp(argv[i], "out=", 4) == 0) {
      if (!(out = fopen(argv[i] + 4, "w"))) {
        fprintf(stderr, "region: cannot write %s\n", argv[i] + 4);
        return -1;
      }
    } else if (strncmp(argv[i], "profile=", 8) == 0 &&
               qemu_plugin_bool_parse("profile", argv[i] + 8, &on)) {
      profile = on;
    } else {
      fprintf(stderr, "region: unknown argument %s\n", argv[i]);
      return -1;
    }
  }
  qemu_plugin_register_vcpu_tb_trans_cb(id, tb_trans);
  qemu_plugin_register_atexit_cb(id, at_exit, NULL);
  return 0;
}
