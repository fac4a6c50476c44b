#ifndef DOJO_CPU_FEATURE_H
#define DOJO_CPU_FEATURE_H

/* Defines `int NAME(void)`: 1 when the CPU has FEATURE (a literal for __builtin_cpu_supports,
   which takes only literals, hence a macro), else 0. Asked once; threads racing on the first
   call store the same answer. */
#define DOJO_CPU_FEATURE(NAME, FEATURE)                                \
    int NAME(void) {                                                   \
        static int cached = -1; /* -1: not asked yet */                \
        int known = __atomic_load_n(&cached, __ATOMIC_RELAXED);        \
        if (known < 0) {                                               \
            __builtin_cpu_init();                                      \
            known = __builtin_cpu_supports(FEATURE) ? 1 : 0;           \
            __atomic_store_n(&cached, known, __ATOMIC_RELAXED);        \
        }                                                              \
        return known;                                                  \
    }

#endif
