#ifndef MSL_CINOTIFY_SHIM_H
#define MSL_CINOTIFY_SHIM_H
// The kernel's inotify API (sys/inotify.h) plus libinotifytools (Debian libinotifytools0-dev),
// which ships no pkg-config file. Swift calls both as declared.
#include <sys/inotify.h>
#include <inotifytools/inotifytools.h>
#endif
