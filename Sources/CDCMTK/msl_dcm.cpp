// msl_dcm.cpp: the reading half of the C API of msl_dcm.h over DCMTK (msl_dcm_write.cpp is the other).
// Every entry point is extern "C", runs its body inside `guarded` (which turns any C++ exception into
// MSL_DCM_ERROR_INTERNAL) and reports failures as an int status plus a message. See msl_dcm.h for the
// contract of each function; msl_dcm_internal.h for the helpers both halves share.

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


using namespace msl_dcm_internal;

namespace {

// MARK: - The handle

struct File {
    std::string path;
    DcmFileFormat format;
    DcmFileCache cache;  // keeps the file open between lazy reads of large values
    std::string characterSet;
    bool needsConversion = false;
    bool converterTried = false;
    std::unique_ptr<DcmSpecificCharacterSet> converter;

    DcmDataset &dataset() { return *format.getDataset(); }

    /// UTF-8 text of `value` of an element with VR `vr`, converted from Specific Character Set when that
    /// VR is affected. A value that cannot be converted is returned as stored.
    std::string text(DcmEVR vr, const OFString &value) {
        const char *delimiters = nullptr;
        switch (vr) {
        case EVR_PN: delimiters = "\\^="; break;
        case EVR_SH: case EVR_LO: case EVR_UC: delimiters = "\\"; break;
        case EVR_ST: case EVR_LT: case EVR_UT: delimiters = ""; break;
        default: break;
        }
        if (delimiters == nullptr || !needsConversion) return std::string(value.c_str(), value.length());
        if (!converterTried) {
            converterTried = true;
            auto candidate = std::make_unique<DcmSpecificCharacterSet>();
            if (candidate->selectCharacterSet(characterSet.c_str()).good()) converter = std::move(candidate);
        }
        OFString converted;
        if (converter && converter->convertString(value, converted, delimiters).good())
            return std::string(converted.c_str(), converted.length());
        return std::string(value.c_str(), value.length());
    }
};

File *unwrap(msl_dcm_file file) { return static_cast<File *>(file.ctx); }

int readString(File &file, DcmElement &element, long index, std::string &value, const Failure &fail) {
    const DcmTagKey key = element.getTag();
    OFString raw;
    OFCondition condition = EC_Normal;
    if (index < 0) {
        if (element.getLength() > 0) condition = element.getOFStringArray(raw, OFTrue);
    } else {
        if (int status = checkIndex(element, static_cast<size_t>(index), key, fail)) return status;
        condition = element.getOFString(raw, static_cast<unsigned long>(index), OFTrue);
    }
    if (condition.bad())
        return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot read as text: " + condition.text());
    value = file.text(element.ident(), raw);
    if (index < 0) {  // whole value: drop trailing padding
        while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
    }
    return MSL_DCM_OK;
}

int findItem(DcmItem &dataset, const DcmTagKey &sequenceKey, size_t index, DcmItem *&item, const Failure &fail) {
    if (!dataset.tagExists(sequenceKey, OFFalse))
        return fail(MSL_DCM_ERROR_NOT_FOUND, describe(sequenceKey) + " is absent");
    DcmSequenceOfItems *sequence = nullptr;
    if (dataset.findAndGetSequence(sequenceKey, sequence, OFFalse).bad() || sequence == nullptr)
        return fail(MSL_DCM_ERROR_VALUE, describe(sequenceKey) + " is not a sequence");
    if (index >= sequence->card())
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(sequenceKey) + ": item " + std::to_string(index + 1) +
                                                " requested, " + std::to_string(sequence->card()) + " present");
    item = sequence->getItem(static_cast<unsigned long>(index));
    if (item == nullptr) return fail(MSL_DCM_ERROR_VALUE, describe(sequenceKey) + ": item is unreadable");
    return MSL_DCM_OK;
}

/// The integer attribute `key` of the top-level dataset; `fallback` when absent (if allowed).
int requireInteger(DcmItem &dataset, const DcmTagKey &key, int64_t &value, const Failure &fail,
                   const int64_t *fallback = nullptr) {
    DcmElement *element = nullptr;
    if (dataset.findAndGetElement(key, element, OFFalse).bad() || element == nullptr || element->getLength() == 0) {
        if (fallback != nullptr) {
            value = *fallback;
            return MSL_DCM_OK;
        }
        return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is absent or empty; it is required to decode Pixel Data");
    }
    return readInteger(*element, 0, value, fail);
}

// MARK: - Rescale

/// Rescale Slope/Intercept directly in `item`: found = false when neither is there.
int rescaleIn(DcmItem &item, double &slope, double &intercept, bool &found, const Failure &fail) {
    DcmElement *slopeElement = nullptr;
    DcmElement *interceptElement = nullptr;
    item.findAndGetElement(DCM_RescaleSlope, slopeElement, OFFalse);
    item.findAndGetElement(DCM_RescaleIntercept, interceptElement, OFFalse);
    found = slopeElement != nullptr || interceptElement != nullptr;
    if (!found) return MSL_DCM_OK;
    if (slopeElement == nullptr || interceptElement == nullptr)
        return fail(MSL_DCM_ERROR_VALUE, slopeElement == nullptr
                                             ? describe(DCM_RescaleIntercept) + " is present without " +
                                                   describe(DCM_RescaleSlope)
                                             : describe(DCM_RescaleSlope) + " is present without " +
                                                   describe(DCM_RescaleIntercept));
    if (int status = readDouble(*slopeElement, 0, slope, fail)) return status;
    if (int status = readDouble(*interceptElement, 0, intercept, fail)) return status;
    if (slope == 0) return fail(MSL_DCM_ERROR_VALUE, describe(DCM_RescaleSlope) + " is 0");
    return MSL_DCM_OK;
}

/// Rescale of `frame` from a functional groups sequence (item `itemIndex`) → (0028,9145) item 1.
int rescaleInGroups(DcmItem &dataset, const DcmTagKey &groups, size_t itemIndex, double &slope, double &intercept,
                    bool &found, const Failure &fail) {
    found = false;
    DcmSequenceOfItems *sequence = nullptr;
    if (dataset.findAndGetSequence(groups, sequence, OFFalse).bad() || sequence == nullptr) return MSL_DCM_OK;
    if (itemIndex >= sequence->card()) return MSL_DCM_OK;
    DcmItem *group = sequence->getItem(static_cast<unsigned long>(itemIndex));
    DcmSequenceOfItems *transformation = nullptr;
    if (group == nullptr || group->findAndGetSequence(DCM_PixelValueTransformationSequence, transformation, OFFalse)
                                .bad() || transformation == nullptr || transformation->card() == 0)
        return MSL_DCM_OK;
    return rescaleIn(*transformation->getItem(0), slope, intercept, found, fail);
}

int rescaleOf(File &file, uint32_t frame, double &slope, double &intercept, bool &found, const Failure &fail) {
    slope = 1;
    intercept = 0;
    DcmDataset &dataset = file.dataset();
    if (int status = rescaleIn(dataset, slope, intercept, found, fail)) return status;
    if (found) return MSL_DCM_OK;
    if (int status = rescaleInGroups(dataset, DCM_PerFrameFunctionalGroupsSequence, frame, slope, intercept, found,
                                     fail))
        return status;
    if (found) return MSL_DCM_OK;
    if (int status = rescaleInGroups(dataset, DCM_SharedFunctionalGroupsSequence, 0, slope, intercept, found, fail))
        return status;
    if (!found) {
        slope = 1;
        intercept = 0;
    }
    return MSL_DCM_OK;
}

// MARK: - Pixels

std::string transferSyntaxUID(File &file) {
    OFString uid;
    DcmMetaInfo *meta = file.format.getMetaInfo();
    if (meta != nullptr && meta->findAndGetOFString(DCM_TransferSyntaxUID, uid).good() && !uid.empty())
        return trimmed(uid);
    DcmXfer xfer(file.dataset().getOriginalXfer());
    return xfer.getXferID();
}

DcmPixelData *pixelDataOf(File &file) {
    DcmElement *element = nullptr;
    if (file.dataset().findAndGetElement(DCM_PixelData, element, OFFalse).bad() || element == nullptr) return nullptr;
    return dynamic_cast<DcmPixelData *>(element);
}

void pixelInfo(File &file, msl_dcm_pixel_info &info) {
    info = msl_dcm_pixel_info{0, 0, 0, 0, 0};
    DcmPixelData *pixels = pixelDataOf(file);
    if (pixels == nullptr) return;
    info.present = 1;
    E_TransferSyntax original = EXS_Unknown;
    const DcmRepresentationParameter *parameter = nullptr;
    pixels->getOriginalRepresentationKey(original, parameter);
    DcmXfer xfer(original);
    if (original != EXS_Unknown && xfer.isEncapsulated()) {
        info.encapsulated = 1;
        DcmPixelSequence *sequence = nullptr;
        if (pixels->getEncapsulatedRepresentation(original, parameter, sequence).good() && sequence != nullptr &&
            sequence->card() > 0)
            info.fragments = sequence->card() - 1;  // item 1 is the Basic Offset Table
        info.decodable = DcmCodecList::canChangeCoding(original, EXS_LittleEndianExplicit) ? 1 : 0;
    } else {
        info.length = pixels->getLengthField();
        info.decodable = 1;
    }
}

template <typename Raw>
void convert(const uint8_t *source, size_t count, int bitsStored, int highBit, bool isSigned, bool rescale,
             double slope, double intercept, float *out) {
    const int shift = highBit + 1 - bitsStored;
    const uint64_t mask = (uint64_t(1) << bitsStored) - 1;
    const uint64_t signBit = uint64_t(1) << (bitsStored - 1);
    const int64_t range = int64_t(1) << bitsStored;
    for (size_t i = 0; i < count; ++i) {
        Raw raw;
        std::memcpy(&raw, source + i * sizeof(Raw), sizeof(Raw));
        const uint64_t bits = (static_cast<uint64_t>(raw) >> shift) & mask;
        const int64_t stored = (isSigned && (bits & signBit)) ? int64_t(bits) - range : int64_t(bits);
        out[i] = rescale ? static_cast<float>(static_cast<double>(stored) * slope + intercept)
                         : static_cast<float>(stored);
    }
}

int decodeFrame(File &file, uint32_t frame, float *out, size_t count, bool rescale, const Failure &fail) {
    DcmDataset &dataset = file.dataset();
    int64_t rows = 0, columns = 0, samples = 0, bitsAllocated = 0, bitsStored = 0, highBit = 0,
            representation = 0, frames = 0;
    const int64_t one = 1;
    if (int s = requireInteger(dataset, DCM_Rows, rows, fail)) return s;
    if (int s = requireInteger(dataset, DCM_Columns, columns, fail)) return s;
    if (int s = requireInteger(dataset, DCM_SamplesPerPixel, samples, fail, &one)) return s;
    if (int s = requireInteger(dataset, DCM_BitsAllocated, bitsAllocated, fail)) return s;
    if (int s = requireInteger(dataset, DCM_BitsStored, bitsStored, fail)) return s;
    const int64_t defaultHighBit = bitsStored - 1;
    if (int s = requireInteger(dataset, DCM_HighBit, highBit, fail, &defaultHighBit)) return s;
    if (int s = requireInteger(dataset, DCM_PixelRepresentation, representation, fail)) return s;
    if (int s = requireInteger(dataset, DCM_NumberOfFrames, frames, fail, &one)) return s;
    OFString photometricRaw;
    dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometricRaw);
    const std::string photometric = trimmed(photometricRaw);

    if (rows < 1 || columns < 1 || rows > 65535 || columns > 65535)
        return fail(MSL_DCM_ERROR_VALUE, "Rows x Columns " + std::to_string(rows) + " x " + std::to_string(columns) +
                                             " is not an image size");
    if (samples != 1)
        return fail(MSL_DCM_ERROR_UNSUPPORTED, describe(DCM_SamplesPerPixel) + " is " + std::to_string(samples) +
                                                   ": msl reads monochrome images only");
    if (photometric != "MONOCHROME1" && photometric != "MONOCHROME2")
        return fail(MSL_DCM_ERROR_UNSUPPORTED, describe(DCM_PhotometricInterpretation) + " is '" + photometric +
                                                   "': msl reads MONOCHROME1 and MONOCHROME2 only");
    if (bitsAllocated != 8 && bitsAllocated != 16 && bitsAllocated != 32)
        return fail(MSL_DCM_ERROR_UNSUPPORTED, describe(DCM_BitsAllocated) + " is " + std::to_string(bitsAllocated) +
                                                   ": msl reads 8, 16 and 32");
    if (bitsStored < 1 || bitsStored > bitsAllocated)
        return fail(MSL_DCM_ERROR_VALUE, describe(DCM_BitsStored) + " is " + std::to_string(bitsStored) +
                                             " with Bits Allocated " + std::to_string(bitsAllocated));
    if (highBit < bitsStored - 1 || highBit >= bitsAllocated)
        return fail(MSL_DCM_ERROR_VALUE, describe(DCM_HighBit) + " is " + std::to_string(highBit) +
                                             " with Bits Stored " + std::to_string(bitsStored) +
                                             " and Bits Allocated " + std::to_string(bitsAllocated));
    if (representation != 0 && representation != 1)
        return fail(MSL_DCM_ERROR_VALUE, describe(DCM_PixelRepresentation) + " is " + std::to_string(representation));
    if (frames < 1) return fail(MSL_DCM_ERROR_VALUE, describe(DCM_NumberOfFrames) + " is " + std::to_string(frames));
    if (int64_t(frame) >= frames)
        return fail(MSL_DCM_ERROR_ARGUMENT, "frame " + std::to_string(frame) + " requested, the file has " +
                                                std::to_string(frames) + " (frames count from 0)");
    const uint64_t pixelCount = uint64_t(rows) * uint64_t(columns);
    if (count != pixelCount)
        return fail(MSL_DCM_ERROR_ARGUMENT, "output holds " + std::to_string(count) + " floats, a frame has " +
                                                std::to_string(pixelCount));
    const uint64_t frameBytes = pixelCount * uint64_t(bitsAllocated / 8);
    if (frameBytes + 1 > std::numeric_limits<Uint32>::max())
        return fail(MSL_DCM_ERROR_UNSUPPORTED, "a frame of " + std::to_string(frameBytes) + " bytes is too large");

    DcmPixelData *pixels = pixelDataOf(file);
    if (pixels == nullptr) {
        if (dataset.tagExists(DCM_FloatPixelData) || dataset.tagExists(DCM_DoubleFloatPixelData))
            return fail(MSL_DCM_ERROR_UNSUPPORTED, "Float Pixel Data (7FE0,0008) or Double Float Pixel Data "
                                                   "(7FE0,0009) is not supported; msl reads Pixel Data (7FE0,0010)");
        return fail(MSL_DCM_ERROR_PIXELS, "Pixel Data (7FE0,0010) is absent");
    }
    const std::string syntax = transferSyntaxUID(file);
    msl_dcm_pixel_info info;
    pixelInfo(file, info);
    if (info.encapsulated) {
        if (!info.decodable)
            return fail(MSL_DCM_ERROR_UNSUPPORTED,
                        "transfer syntax " + describeSyntax(syntax) +
                            " has no decoder in this DCMTK build (it decodes RLE, JPEG baseline/extended/lossless and "
                            "JPEG-LS); convert the file first, e.g. to Explicit VR Little Endian");
        if (info.fragments < 1) return fail(MSL_DCM_ERROR_PIXELS, "encapsulated Pixel Data holds no fragment");
    } else {
        const uint64_t needed = (uint64_t(frame) + 1) * frameBytes;
        if (info.length < needed)
            return fail(MSL_DCM_ERROR_PIXELS, "Pixel Data (7FE0,0010) holds " + std::to_string(info.length) +
                                                  " bytes; frame " + std::to_string(frame) + " needs bytes up to " +
                                                  std::to_string(needed));
    }

    double slope = 1, intercept = 0;
    bool found = false;
    if (rescale) {
        if (int s = rescaleOf(file, frame, slope, intercept, found, fail)) return s;
    }

    std::vector<uint8_t> buffer(frameBytes + (frameBytes & 1));
    Uint32 startFragment = 0;
    OFString colorModel;
    OFCondition condition = pixels->getUncompressedFrame(&dataset, frame, startFragment, buffer.data(),
                                                         static_cast<Uint32>(buffer.size()), colorModel, &file.cache);
    if (condition.bad())
        return fail(MSL_DCM_ERROR_PIXELS, "cannot decode frame " + std::to_string(frame) + " (transfer syntax " +
                                              describeSyntax(syntax) + "): " + condition.text() + logSuffix());

    const bool isSigned = representation == 1;
    const bool apply = rescale && (slope != 1 || intercept != 0);
    const int stored = static_cast<int>(bitsStored);
    const int high = static_cast<int>(highBit);
    switch (bitsAllocated) {
    case 8: convert<uint8_t>(buffer.data(), count, stored, high, isSigned, apply, slope, intercept, out); break;
    case 16: convert<uint16_t>(buffer.data(), count, stored, high, isSigned, apply, slope, intercept, out); break;
    default: convert<uint32_t>(buffer.data(), count, stored, high, isSigned, apply, slope, intercept, out); break;
    }
    return MSL_DCM_OK;
}

int checkHandle(msl_dcm_file file, const Failure &fail) {
    if (file.ctx == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null msl_dcm_file handle");
    return MSL_DCM_OK;
}

}  // namespace

// MARK: - Shared with msl_dcm_write.cpp

DcmDataset *msl_dcm_internal::datasetOf(msl_dcm_file file) {
    return file.ctx == nullptr ? nullptr : &unwrap(file)->dataset();
}

// MARK: - C API

extern "C" int msl_dcm_file_open(const char *path, msl_dcm_file *file, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (file == nullptr || path == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null path or output handle");
        file->ctx = nullptr;
        initialiseDCMTK();
        capturedLog.clear();

        struct stat status;
        if (::stat(path, &status) != 0)
            return fail(MSL_DCM_ERROR_IO, std::string("cannot stat: ") + std::strerror(errno));
        if (!S_ISREG(status.st_mode)) return fail(MSL_DCM_ERROR_UNREADABLE, "not a regular file");
        if (status.st_size == 0) return fail(MSL_DCM_ERROR_UNREADABLE, "the file is empty (0 bytes)");
        bool hasMagic = false;
        if (std::FILE *stream = std::fopen(path, "rb")) {
            char magic[132];
            hasMagic = std::fread(magic, 1, sizeof magic, stream) == sizeof magic &&
                       std::memcmp(magic + 128, "DICM", 4) == 0;
            std::fclose(stream);
        } else {
            return fail(MSL_DCM_ERROR_IO, std::string("cannot open: ") + std::strerror(errno));
        }

        auto handle = std::make_unique<File>();
        handle->path = path;
        OFCondition condition =
            handle->format.loadFile(OFFilename(path), EXS_Unknown, EGL_noChange, DCM_MaxReadLength, ERM_autoDetect);
        const std::string size = std::to_string(static_cast<long long>(status.st_size)) + " bytes";
        if (condition.bad()) {
            if (hasMagic)
                return fail(MSL_DCM_ERROR_UNREADABLE, "Part 10 file is truncated or corrupt (" + size + "): DCMTK: " +
                                                          condition.text() + logSuffix());
            return fail(MSL_DCM_ERROR_UNREADABLE,
                        "not a DICOM file: no Part 10 header ('DICM' at byte 128) and not a readable raw dataset (" +
                            size + "): DCMTK: " + condition.text() + logSuffix());
        }
        if (!hasMagic && !handle->dataset().tagExists(DCM_SOPClassUID, OFFalse))
            return fail(MSL_DCM_ERROR_UNREADABLE, "not a DICOM file: no Part 10 header ('DICM' at byte 128) and no "
                                                  "SOP Class UID (0008,0016) in what parses as a raw dataset (" +
                                                      size + ")");
        OFString characterSet;
        if (handle->dataset().findAndGetOFStringArray(DCM_SpecificCharacterSet, characterSet, OFFalse).good()) {
            handle->characterSet = characterSet.c_str();
            const std::string single = trimmed(characterSet);
            handle->needsConversion = !(single.empty() || single == "ISO_IR 6" || single == "ISO_IR 192");
        }
        file->ctx = handle.release();
        return MSL_DCM_OK;
    });
}

extern "C" void msl_dcm_file_free(msl_dcm_file file) {
    try {
        delete unwrap(file);
    } catch (...) {
    }
}

extern "C" int msl_dcm_file_has(msl_dcm_file file, uint16_t group, uint16_t element) {
    const Failure fail{nullptr, 0};
    return guarded(fail, [&]() -> int {
        if (file.ctx == nullptr) return 0;
        return unwrap(file)->dataset().tagExists(DcmTagKey(group, element), OFFalse) ? 1 : 0;
    });
}

extern "C" int msl_dcm_file_transfer_syntax(msl_dcm_file file, char *uid, size_t capacity, size_t *length,
                                            char *name, size_t name_capacity, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        const std::string value = transferSyntaxUID(*unwrap(file));
        if (name != nullptr && name_capacity > 0) {
            DcmXfer xfer(value.c_str());
            std::string text = xfer.getXfer() == EXS_Unknown ? "unknown transfer syntax" : xfer.getXferName();
            size_t n = std::min(text.size(), name_capacity - 1);
            std::memcpy(name, text.data(), n);
            name[n] = '\0';
        }
        return copyString(value, uid, capacity, length, fail);
    });
}

extern "C" int msl_dcm_file_value_count(msl_dcm_file file, uint16_t group, uint16_t element, size_t *count,
                                        char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (count == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null count");
        DcmElement *found = nullptr;
        if (int s = findElement(unwrap(file)->dataset(), DcmTagKey(group, element), found, fail)) return s;
        *count = found->getLength() == 0 ? 0 : found->getVM();
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_file_string(msl_dcm_file file, uint16_t group, uint16_t element, long index, char *out,
                                   size_t capacity, size_t *length, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        File &handle = *unwrap(file);
        DcmElement *found = nullptr;
        if (int s = findElement(handle.dataset(), DcmTagKey(group, element), found, fail)) return s;
        std::string value;
        if (int s = readString(handle, *found, index, value, fail)) return s;
        return copyString(value, out, capacity, length, fail);
    });
}

extern "C" int msl_dcm_file_float64(msl_dcm_file file, uint16_t group, uint16_t element, size_t index, double *out,
                                    char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (out == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        DcmElement *found = nullptr;
        if (int s = findElement(unwrap(file)->dataset(), DcmTagKey(group, element), found, fail)) return s;
        return readDouble(*found, index, *out, fail);
    });
}

extern "C" int msl_dcm_file_int64(msl_dcm_file file, uint16_t group, uint16_t element, size_t index, int64_t *out,
                                  char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (out == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        DcmElement *found = nullptr;
        if (int s = findElement(unwrap(file)->dataset(), DcmTagKey(group, element), found, fail)) return s;
        return readInteger(*found, index, *out, fail);
    });
}

extern "C" int msl_dcm_file_item_count(msl_dcm_file file, uint16_t sequence_group, uint16_t sequence_element,
                                       size_t *count, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (count == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null count");
        const DcmTagKey key(sequence_group, sequence_element);
        DcmDataset &dataset = unwrap(file)->dataset();
        if (!dataset.tagExists(key, OFFalse)) return fail(MSL_DCM_ERROR_NOT_FOUND, describe(key) + " is absent");
        DcmSequenceOfItems *sequence = nullptr;
        if (dataset.findAndGetSequence(key, sequence, OFFalse).bad() || sequence == nullptr)
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is not a sequence");
        *count = sequence->card();
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_file_item_string(msl_dcm_file file, uint16_t sequence_group, uint16_t sequence_element,
                                        size_t item, uint16_t group, uint16_t element, long index, char *out,
                                        size_t capacity, size_t *length, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        File &handle = *unwrap(file);
        DcmItem *found = nullptr;
        if (int s = findItem(handle.dataset(), DcmTagKey(sequence_group, sequence_element), item, found, fail))
            return s;
        DcmElement *value = nullptr;
        if (int s = findElement(*found, DcmTagKey(group, element), value, fail)) return s;
        std::string text;
        if (int s = readString(handle, *value, index, text, fail)) return s;
        return copyString(text, out, capacity, length, fail);
    });
}

extern "C" int msl_dcm_file_pixel_info(msl_dcm_file file, msl_dcm_pixel_info *info, char *error,
                                       size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (info == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null info");
        pixelInfo(*unwrap(file), *info);
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_file_rescale(msl_dcm_file file, uint32_t frame, double *slope, double *intercept, int *found,
                                    char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (slope == nullptr || intercept == nullptr || found == nullptr)
            return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        bool present = false;
        if (int s = rescaleOf(*unwrap(file), frame, *slope, *intercept, present, fail)) return s;
        *found = present ? 1 : 0;
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_file_pixels_float(msl_dcm_file file, uint32_t frame, float *out, size_t count, char *error,
                                         size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (out == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        return decodeFrame(*unwrap(file), frame, out, count, true, fail);
    });
}

extern "C" int msl_dcm_file_stored_pixels_float(msl_dcm_file file, uint32_t frame, float *out, size_t count,
                                                char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(file, fail)) return s;
        if (out == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        return decodeFrame(*unwrap(file), frame, out, count, false, fail);
    });
}
