#ifndef MSL_CFFTW_SHIM_H
#define MSL_CFFTW_SHIM_H
// FFTW's single-precision API (fftwf_*), linked against libfftw3f. Swift calls it as declared.
#include <fftw3.h>
#endif
