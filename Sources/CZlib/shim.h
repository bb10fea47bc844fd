#ifndef MSL_CZLIB_SHIM_H
#define MSL_CZLIB_SHIM_H
// zlib's inflate API (inflateInit2_, inflate, inflateEnd), linked against libz. Swift calls it as declared.
#include <zlib.h>
#endif
