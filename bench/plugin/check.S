// check.S - the plugin's self-check: each sample instruction below runs
// LOOPS times between the markers. bench/run.py disassembles this program,
// names each sample's class from its mnemonic, and compares the expected
// counts with the plugin's. The samples cover every class the plugin counts
// (vector and by-element forms, both Q sizes) and near misses it must not.
#define LOOPS 1000
        .text
        .globl main
        .type main, %function
main:
        mov x0, #LOOPS
        hint #0x70
1:
        sdot v0.4s, v1.16b, v2.16b
        sdot v3.2s, v4.8b, v5.8b
        sdot v6.4s, v7.16b, v8.4b[3]
        sdot v9.2s, v10.8b, v11.4b[0]
        udot v0.4s, v1.16b, v2.16b
        udot v0.2s, v1.8b, v2.4b[1]
        usdot v0.4s, v1.16b, v2.16b
        usdot v0.4s, v1.16b, v2.4b[2]
        sudot v0.2s, v1.8b, v2.4b[3]
        smmla v0.4s, v1.16b, v2.16b
        ummla v0.4s, v1.16b, v2.16b
        usmmla v0.4s, v1.16b, v2.16b
        smlal v0.8h, v1.8b, v2.8b
        smlal2 v0.4s, v1.8h, v2.8h
        umlal v0.2d, v1.2s, v2.2s
        smlal v0.4s, v1.4h, v2.h[3]
        umlal2 v0.2d, v1.4s, v2.s[3]
        sadalp v0.4s, v1.8h
        uadalp v0.8h, v1.16b
        smull v0.8h, v1.8b, v2.8b
        umull2 v0.4s, v1.8h, v2.8h
        smull v0.4s, v1.4h, v2.h[1]
        umull2 v0.2d, v1.4s, v2.s[2]
        // near misses: none of these is counted in a class
        smlsl v0.8h, v1.8b, v2.8b
        umlsl v0.4s, v1.4h, v2.h[2]
        sqdmlal v0.4s, v1.4h, v2.4h
        sqdmull v0.4s, v1.4h, v2.h[0]
        saddlp v0.4s, v1.8h
        uaddlp v0.8h, v1.16b
        saddw v0.8h, v0.8h, v1.8b
        uabal v0.8h, v1.8b, v2.8b
        mla v0.4s, v1.4s, v2.4s
        mul v0.4s, v1.4s, v2.s[0]
        fmla v0.4s, v1.4s, v2.4s
        fmla v0.4s, v1.4s, v2.s[1]
        bfdot v0.4s, v1.8h, v2.8h
        bfmmla v0.4s, v1.8h, v2.8h
        sqrdmulh v0.4s, v1.4s, v2.4s
        add x1, x1, #1
        hint #0x72
        nop
        subs x0, x0, #1
        b.ne 1b
        hint #0x71
        mov w0, #0
        ret
        .size main, .-main
        .section .note.GNU-stack, "", %progbits
