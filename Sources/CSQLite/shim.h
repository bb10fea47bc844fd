#ifndef MSL_CSQLITE_SHIM_H
#define MSL_CSQLITE_SHIM_H
// SQLite's C API (Debian libsqlite3-dev), for the daemon's job journal.
#include <sqlite3.h>
#endif
