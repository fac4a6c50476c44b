#include "CKernels.h"

/* Which rows of a block hold anything but zeros: the active units of a ReLU layer in a minibatch
   (activations stored features x batch), whose products the sparse kernel can then leave out. */

static long nonzero_rows_scalar(const float *x, long rows, long cols, long ld, int *list) {
    long count = 0;
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * ld;
        long j = 0;
        while (j < cols && row[j] == 0) j++;
        if (j < cols) list[count++] = (int)r; /* NaN != 0: a NaN row counts as active */
    }
    return count;
}

#if defined(__x86_64__)
#include <immintrin.h>
#include "cpu_feature.h"

__attribute__((target("avx512f")))
static long nonzero_rows_avx512(const float *x, long rows, long cols, long ld, int *list) {
    const __m512 zero = _mm512_setzero_ps();
    long count = 0;
    for (long r = 0; r < rows; r++) {
        const float *row = x + r * ld;
        __mmask16 any = 0;
        long j = 0;
        for (; j + 16 <= cols; j += 16) any |= _mm512_cmp_ps_mask(_mm512_loadu_ps(row + j), zero, _CMP_NEQ_UQ);
        if (j < cols) {
            const __mmask16 tail = (__mmask16)((1u << (cols - j)) - 1);
            any |= _mm512_mask_cmp_ps_mask(tail, _mm512_maskz_loadu_ps(tail, row + j), zero, _CMP_NEQ_UQ);
        }
        if (any) list[count++] = (int)r;
    }
    return count;
}

static DOJO_CPU_FEATURE(has_avx512f, "avx512f")

long dojo_nonzero_rows(const float *x, long rows, long cols, long ld, int *list) {
    return has_avx512f() ? nonzero_rows_avx512(x, rows, cols, ld, list) : nonzero_rows_scalar(x, rows, cols, ld, list);
}

#else

long dojo_nonzero_rows(const float *x, long rows, long cols, long ld, int *list) {
    return nonzero_rows_scalar(x, rows, cols, ld, list);
}

#endif
