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

#endif
