#ifndef DOJO_CKERNELS_H
#define DOJO_CKERNELS_H

/* Elementwise loops that Swift cannot vectorise well: Swift compiles for baseline x86-64 (SSE2)
   with no per-function target, and lowers a vector square root lane by lane. These pick AVX at
   run time when the CPU has it and give bit-identical results on every path. */

/* One Adam update over n weights, no penalties:
     m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  w -= step m / (sqrt(c2 v) + eps)
   with correctly rounded square roots and no fused multiply-adds, so the result does not depend
   on which instruction set ran it. Subnormal inputs and results count as zero (x86: the MXCSR
   flush/denormals-are-zero bits, set for this call only), because subnormal moments of
   long-inactive weights made the update several times slower and change nothing: a moment below
   1e-38 moves a weight by less than 1e-30. */
void dojo_adam(float *w, const float *g, float *m, float *v, long n,
               float b1, float b2, float step, float c2, float eps);

/* dojo_adam over a rows x cols block (row-major, contiguous) whose rows with has_gradient[r] == 0
   have a zero gradient (g's row is not read): the same results as dojo_adam with those rows of g
   zero, faster where the first moment is zero too (a unit that has been inactive for a while). */
void dojo_adam_rows(float *w, const float *g, float *m, float *v, long rows, long cols, const unsigned char *has_gradient,
                    float b1, float b2, float step, float c2, float eps);

/* c (m x n, row stride ldc) = a b, or c + a b when `accumulate`, for the small products of
   reinforcement learning (tens to hundreds of rows and columns), where sgemm's copying of both
   operands into its blocked layout costs more than the copy saves. Element (i, p) of a is at
   a[i*ai + p*ak] (so a may be stored either way round); b is row-major (k x n, row stride ldb).
   Each element of c is one chain of fused multiply-adds over p in order.
   AVX-512 only: call it only when dojo_gemm_available() is 1 (elsewhere it is a plain loop). */
void dojo_gemm(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
               float *c, long ldc, int accumulate);

/* What dojo_gemm_fused does around the product. Each element starts from row_bias[i] or
   column_bias[j] when given (else 0), then gets the products added in order; at the end ReLU
   (x < 0 ? 0 : x) when relu, and when gate is given, 0 where gate[i*ldgate + j] <= 0 (a ReLU's
   backward pass, gated by its output). */
typedef struct {
    const float *row_bias;
    const float *column_bias;
    int relu;
    const float *gate;
    long ldgate;
} dojo_gemm_epilogue;

/* dojo_gemm (without accumulate) with an epilogue; the same conditions. */
void dojo_gemm_fused(long m, long n, long k, const float *a, long ai, long ak, const float *b, long ldb,
                     float *c, long ldc, const dojo_gemm_epilogue *epilogue);

/* dojo_gemm_fused over some rows and some of the k index only: for each r < m, row i = rows[r] of c
   (and of a, the row bias and the gate) gets the epilogue of the sum over p = ks[0], ..., ks[k-1]
   in that order of a(i, p) b(p, j), starting from c when `accumulate` (then no bias). rows or ks
   NULL: 0, 1, 2, ... Rows not listed are left as they are. For products with ReLU-sparse operands:
   leaving out a p whose b row or a column is zero, or a row whose result the gate zeroes, gives the
   same sums (up to the sign of a zero). The same conditions as dojo_gemm. */
void dojo_gemm_sparse(long m, const int *rows, long n, long k, const int *ks, const float *a, long ai, long ak,
                      const float *b, long ldb, float *c, long ldc, int accumulate, const dojo_gemm_epilogue *epilogue);

/* The indices of the rows of x (rows x cols, row stride ld) with an element that is not zero (NaN
   counts), in order, into list (room for `rows`); returns how many. */
long dojo_nonzero_rows(const float *x, long rows, long cols, long ld, int *list);

/* One Dense layer on one input: y (n) = bias + sum over p < k with x[p] != 0 of x[p] wT[p, :], then
   ReLU when `relu`; wT is the weight transposed (k x n, row stride ldw). Each y[j] is one chain of
   fused multiply-adds over p in order from bias[j]: the same as dojo_gemm_fused's for that column
   (zero inputs, such as inactive ReLU units, change no sum but the sign of a zero). The same
   conditions as dojo_gemm. */
void dojo_dense_vector(long n, long k, const float *x, const float *wT, long ldw, const float *bias,
                       float *y, int relu);

/* 1 when this CPU runs dojo_gemm's vector kernel (AVX-512F), else 0. */
int dojo_gemm_available(void);

#endif
