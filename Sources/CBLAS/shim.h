#include <cblas.h>
#include <stddef.h>
/* LAPACK symmetric eigensolver (OpenBLAS exports it; Debian ships no lapacke.h). Fortran ABI:
   every argument by pointer, hidden character lengths last. Used by DojoLearn's PCA. */
void dsyev_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda, double *w,
            double *work, const int *lwork, int *info, size_t jobz_len, size_t uplo_len);
