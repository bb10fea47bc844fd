#ifndef MSL_COPENBLAS_SHIM_H
#define MSL_COPENBLAS_SHIM_H
// OpenBLAS's cblas.h declares cblas_sgemm and openblas_set_num_threads; Swift calls both directly.
#include <cblas.h>
#endif
