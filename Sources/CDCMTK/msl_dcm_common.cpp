// msl_dcm_common.cpp: what both halves of the C API share, kept apart from them: DCMTK set-up and
// its captured log, error texts, and strict reading of attribute values (DS/IS parsing, value
// indices). Declared in msl_dcm_internal.h.

#include "msl_dcm.h"
#include "msl_dcm_internal.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dccodec.h"
#include "dcmtk/dcmdata/dcfcache.h"
#include "dcmtk/dcmdata/dcrledrg.h"
#include "dcmtk/dcmdata/dcspchrs.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmjpeg/djdecode.h"
#include "dcmtk/dcmjpls/djdecode.h"
#include "dcmtk/oflog/appender.h"
#include "dcmtk/oflog/logger.h"
#include "dcmtk/oflog/spi/logevent.h"

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <vector>

namespace msl_dcm_internal {

// MARK: - DCMTK's log, captured

/// DCMTK's warnings and errors logged on this thread since the current entry point began. DCMTK
/// explains parse failures only through its log ("PixelData (7fe0,0010) larger (524288) than remaining
/// bytes"), so the messages are kept here and appended to the error we return, instead of being
/// printed on stderr.
thread_local std::string capturedLog;

class CaptureAppender : public dcmtk::log4cplus::Appender {
public:
    CaptureAppender() = default;
    ~CaptureAppender() override { destructorImpl(); }
    void close() override {}

protected:
    void append(const dcmtk::log4cplus::spi::InternalLoggingEvent &event) override {
        if (event.getLogLevel() < dcmtk::log4cplus::WARN_LOG_LEVEL || capturedLog.size() > 1000) return;
        if (!capturedLog.empty()) capturedLog += "; ";
        capturedLog += event.getMessage().c_str();
    }
};

/// Registers the decoders and routes DCMTK's log into `capturedLog`, once per process.
void initialiseDCMTK() {
    static std::once_flag once;
    std::call_once(once, [] {
        DcmRLEDecoderRegistration::registerCodecs();
        DJDecoderRegistration::registerCodecs();
        DJLSDecoderRegistration::registerCodecs();
        dcmtk::log4cplus::Logger logger = dcmtk::log4cplus::Logger::getInstance("dcmtk");
        logger.setAdditivity(false);  // nothing reaches the root logger's console appender
        logger.setLogLevel(dcmtk::log4cplus::WARN_LOG_LEVEL);
        logger.addAppender(dcmtk::log4cplus::SharedAppenderPtr(new CaptureAppender()));
    });
}

// MARK: - Errors

/// " [DCMTK: ...]" with the captured log, or "".
std::string logSuffix() { return capturedLog.empty() ? std::string() : " [DCMTK log: " + capturedLog + "]"; }

/// "(0028,0010) Rows"
std::string describe(const DcmTagKey &key) {
    char text[16];
    std::snprintf(text, sizeof text, "(%04X,%04X)", key.getGroup(), key.getElement());
    DcmTag tag(key);
    const char *name = tag.getTagName();
    if (name == nullptr || std::strcmp(name, DcmTag_ERROR_TagName) == 0) return text;
    return std::string(text) + " " + name;
}

/// "1.2.840.10008.1.2.4.90 (JPEG 2000 (Lossless only))"
std::string describeSyntax(const std::string &uid) {
    DcmXfer xfer(uid.c_str());
    if (xfer.getXfer() == EXS_Unknown) return uid + " (unknown transfer syntax)";
    return uid + " (" + xfer.getXferName() + ")";
}

int copyString(const std::string &value, char *out, size_t capacity, size_t *length, const Failure &fail) {
    if (length != nullptr) *length = value.size();
    if (out == nullptr || capacity < value.size() + 1)
        return fail(MSL_DCM_ERROR_BUFFER, "output buffer of " + std::to_string(capacity) + " bytes is too small for " +
                                              std::to_string(value.size() + 1));
    std::memcpy(out, value.data(), value.size());
    out[value.size()] = '\0';
    return MSL_DCM_OK;
}

// MARK: - Values

bool isStringNumber(DcmEVR vr) { return vr == EVR_DS || vr == EVR_IS; }

/// The text between leading and trailing spaces and NULs.
std::string trimmed(const OFString &value) {
    const char *begin = value.c_str();
    const char *end = begin + value.length();
    while (begin < end && (*begin == ' ' || *begin == '\0')) ++begin;
    while (end > begin && (end[-1] == ' ' || end[-1] == '\0')) --end;
    return std::string(begin, end);
}

bool parseDouble(const std::string &text, double &value) {
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (begin < end && *begin == '+') ++begin;
    if (begin == end) return false;
    auto result = std::from_chars(begin, end, value, std::chars_format::general);
    return result.ec == std::errc() && result.ptr == end && std::isfinite(value);
}

bool parseInteger(const std::string &text, int64_t &value) {
    const char *begin = text.data();
    const char *end = begin + text.size();
    if (begin < end && *begin == '+') ++begin;
    if (begin == end) return false;
    auto result = std::from_chars(begin, end, value);
    return result.ec == std::errc() && result.ptr == end;
}

int findElement(DcmItem &item, const DcmTagKey &key, DcmElement *&element, const Failure &fail) {
    if (item.findAndGetElement(key, element, OFFalse).bad() || element == nullptr)
        return fail(MSL_DCM_ERROR_NOT_FOUND, describe(key) + " is absent");
    return MSL_DCM_OK;
}

int checkIndex(DcmElement &element, size_t index, const DcmTagKey &key, const Failure &fail) {
    unsigned long count = element.getVM();
    if (element.getLength() == 0) count = 0;
    if (index >= count)
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": value " + std::to_string(index + 1) + " requested, " +
                                                std::to_string(count) + " present");
    return MSL_DCM_OK;
}

/// Value `index` of a numeric element as a double (DS/IS strictly parsed; binary VRs read as such).
int readDouble(DcmElement &element, size_t index, double &value, const Failure &fail) {
    const DcmTagKey key = element.getTag();
    if (int status = checkIndex(element, index, key, fail)) return status;
    const DcmEVR vr = element.ident();
    const unsigned long pos = static_cast<unsigned long>(index);
    OFCondition condition = EC_Normal;
    if (isStringNumber(vr)) {
        OFString raw;
        condition = element.getOFString(raw, pos, OFTrue);
        if (condition.good()) {
            std::string text = trimmed(raw);
            if (!parseDouble(text, value))
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(index + 1) + " '" + text +
                                                     "' is not a finite decimal number");
            return MSL_DCM_OK;
        }
    } else {
        switch (vr) {
        case EVR_US: { Uint16 v = 0; condition = element.getUint16(v, pos); value = v; break; }
        case EVR_SS: { Sint16 v = 0; condition = element.getSint16(v, pos); value = v; break; }
        case EVR_UL: { Uint32 v = 0; condition = element.getUint32(v, pos); value = v; break; }
        case EVR_SL: { Sint32 v = 0; condition = element.getSint32(v, pos); value = v; break; }
        case EVR_FL: { Float32 v = 0; condition = element.getFloat32(v, pos); value = v; break; }
        case EVR_FD: { Float64 v = 0; condition = element.getFloat64(v, pos); value = v; break; }
        default:
            return fail(MSL_DCM_ERROR_VALUE,
                        describe(key) + ": VR " + DcmVR(vr).getVRName() + " is not numeric");
        }
        if (condition.good() && !std::isfinite(value))
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(index + 1) + " is not finite");
    }
    if (condition.bad())
        return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot read value " + std::to_string(index + 1) + ": " +
                                             condition.text());
    return MSL_DCM_OK;
}

/// Value `index` of an integer element (IS strictly, binary integers, DS only when integral).
int readInteger(DcmElement &element, size_t index, int64_t &value, const Failure &fail) {
    const DcmTagKey key = element.getTag();
    if (int status = checkIndex(element, index, key, fail)) return status;
    const DcmEVR vr = element.ident();
    const unsigned long pos = static_cast<unsigned long>(index);
    OFCondition condition = EC_Normal;
    switch (vr) {
    case EVR_IS: {
        OFString raw;
        condition = element.getOFString(raw, pos, OFTrue);
        if (condition.good()) {
            std::string text = trimmed(raw);
            if (!parseInteger(text, value))
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(index + 1) + " '" + text +
                                                     "' is not an integer");
            return MSL_DCM_OK;
        }
        break;
    }
    case EVR_DS: {
        double number = 0;
        if (int status = readDouble(element, index, number, fail)) return status;
        if (number != std::floor(number) || std::fabs(number) > 9.0e15)
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(index + 1) +
                                                 " is not an integer");
        value = static_cast<int64_t>(number);
        return MSL_DCM_OK;
    }
    case EVR_US: { Uint16 v = 0; condition = element.getUint16(v, pos); value = v; break; }
    case EVR_SS: { Sint16 v = 0; condition = element.getSint16(v, pos); value = v; break; }
    case EVR_UL: { Uint32 v = 0; condition = element.getUint32(v, pos); value = v; break; }
    case EVR_SL: { Sint32 v = 0; condition = element.getSint32(v, pos); value = v; break; }
    default:
        return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": VR " + DcmVR(vr).getVRName() + " is not an integer VR");
    }
    if (condition.bad())
        return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot read value " + std::to_string(index + 1) + ": " +
                                             condition.text());
    return MSL_DCM_OK;
}

}  // namespace msl_dcm_internal
