#ifndef MSL_COPENBLAS_SHIM_H
#define MSL_COPENBLAS_SHIM_H
// OpenBLAS's cblas.h declares cblas_sgemm and openblas_set_num_threads; Swift calls both directly.
#include <cblas.h>

// Exported by libopenblas (driver/others) but not declared in cblas.h. OpenBLAS reads its environment
// once, when it is loaded; these let a running process re-read it and restart the thread pool with it.
void openblas_read_env(void);
int openblas_thread_timeout(void);
int blas_thread_shutdown_(void);
#endif
