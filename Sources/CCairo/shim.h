#ifndef MSL_CCAIRO_SHIM_H
#define MSL_CCAIRO_SHIM_H
// cairo's drawing API with its PDF and PNG back ends (Debian libcairo2-dev). Swift calls it as declared.
#include <cairo.h>
#include <cairo-pdf.h>
#endif
