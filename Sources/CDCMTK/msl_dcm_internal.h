// msl_dcm_internal.h: C++ helpers shared by msl_dcm.cpp (reading) and msl_dcm_write.cpp (writing).
// Not part of the C API: Swift never sees this header (it is outside include/).
#ifndef MSL_DCM_INTERNAL_H
#define MSL_DCM_INTERNAL_H

#include "msl_dcm.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"

#include <algorithm>
#include <cstring>
#include <exception>
#include <new>
#include <string>

namespace msl_dcm_internal {

/// DCMTK's warnings and errors logged on this thread since the current entry point began (see
/// msl_dcm.cpp); appended to error messages instead of being printed on stderr.
extern thread_local std::string capturedLog;

/// Registers the decoders and routes DCMTK's log into `capturedLog`, once per process.
void initialiseDCMTK();

/// Writes an error message into the caller's buffer (truncated, NUL-terminated) and returns the status.
struct Failure {
    char *buffer;
    size_t capacity;

    int operator()(int status, const std::string &message) const {
        if (buffer != nullptr && capacity > 0) {
            size_t n = std::min(message.size(), capacity - 1);
            std::memcpy(buffer, message.data(), n);
            buffer[n] = '\0';
        }
        return status;
    }
};

/// Runs `body`, turning every C++ exception into MSL_DCM_ERROR_INTERNAL: none crosses the C boundary.
template <typename Body>
int guarded(const Failure &fail, Body &&body) noexcept {
    try {
        capturedLog.clear();
        return body();
    } catch (const std::bad_alloc &) {
        return fail(MSL_DCM_ERROR_INTERNAL, "out of memory");
    } catch (const std::exception &e) {
        try {
            return fail(MSL_DCM_ERROR_INTERNAL, std::string("unexpected C++ exception: ") + e.what());
        } catch (...) {
            return MSL_DCM_ERROR_INTERNAL;
        }
    } catch (...) {
        return fail(MSL_DCM_ERROR_INTERNAL, "unexpected C++ exception");
    }
}

/// " [DCMTK log: ...]" with the captured log, or "".
std::string logSuffix();

/// "(0028,0010) Rows"
std::string describe(const DcmTagKey &key);

/// Copies `value` into the caller's buffer, or fails with MSL_DCM_ERROR_BUFFER reporting the length.
int copyString(const std::string &value, char *out, size_t capacity, size_t *length, const Failure &fail);

/// The text between leading and trailing spaces and NULs.
std::string trimmed(const OFString &value);

/// "1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless only))": a transfer syntax UID with DCMTK's name.
std::string describeSyntax(const std::string &uid);

/// Whether a VR holds numbers as text (DS, IS).
bool isStringNumber(DcmEVR vr);

/// Strict parsing of a whole DS or IS text (no trailing characters, finite).
bool parseDouble(const std::string &text, double &value);
bool parseInteger(const std::string &text, int64_t &value);

/// The element `key` of `item`, or MSL_DCM_ERROR_NOT_FOUND naming it.
int findElement(DcmItem &item, const DcmTagKey &key, DcmElement *&element, const Failure &fail);

/// MSL_DCM_OK when `element` has a value `index` (counting from 0), else an argument error naming it.
int checkIndex(DcmElement &element, size_t index, const DcmTagKey &key, const Failure &fail);

/// Value `index` of an integer element (IS strictly, binary integers, DS only when integral).
int readInteger(DcmElement &element, size_t index, int64_t &value, const Failure &fail);

/// Value `index` of a numeric element as a double (DS/IS strictly parsed; binary VRs read as such).
int readDouble(DcmElement &element, size_t index, double &value, const Failure &fail);

/// The top-level dataset of a reader handle (msl_dcm_file_open), or NULL for a null handle.
DcmDataset *datasetOf(msl_dcm_file file);

}  // namespace msl_dcm_internal

#endif /* MSL_DCM_INTERNAL_H */
