// msl_dcm_write.cpp: the writing half of the C API of msl_dcm.h over DCMTK: datasets built value by value
// (nested sequences by item paths), attributes copied verbatim from a reader handle, and atomic, durable
// Part 10 saves in Explicit VR Little Endian. Every entry point is extern "C", runs inside `guarded` and
// returns an int status plus a message; see msl_dcm.h for each contract.

#include "msl_dcm.h"
#include "msl_dcm_internal.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcvrat.h"
#include "dcmtk/dcmdata/dcvrod.h"
#include "dcmtk/dcmdata/dcvrof.h"
#include "dcmtk/dcmdata/dcvrol.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

using namespace msl_dcm_internal;

namespace {

// MARK: - The handle

/// A file format whose meta header carries msl's Implementation Class UID and Version Name. DCMTK's
/// `validateMetaInfo` (called by `saveFile`) always writes its own; this override lets DCMTK build the
/// header (Media Storage SOP Class/Instance UID from the dataset, transfer syntax, version) and then
/// replaces the two implementation elements and recomputes the group length.
class MetaFileFormat : public DcmFileFormat {
public:
    std::string implementationClassUID;
    std::string implementationVersionName;

    OFCondition validateMetaInfo(const E_TransferSyntax oxfer, const E_FileWriteMode writeMode) override {
        OFCondition condition = DcmFileFormat::validateMetaInfo(oxfer, writeMode);
        if (condition.bad() || writeMode == EWM_dataset || writeMode == EWM_dontUpdateMeta) return condition;
        DcmMetaInfo *meta = getMetaInfo();
        if (meta == nullptr) return EC_IllegalCall;
        condition = meta->putAndInsertString(DCM_ImplementationClassUID, implementationClassUID.c_str());
        if (condition.good())
            condition = meta->putAndInsertString(DCM_ImplementationVersionName, implementationVersionName.c_str());
        if (condition.good())
            condition = meta->computeGroupLengthAndPadding(EGL_withGL, EPD_noChange, META_HEADER_DEFAULT_TRANSFERSYNTAX,
                                                           EET_UndefinedLength);
        return condition;
    }
};

struct Dataset {
    MetaFileFormat format;
    DcmDataset &dataset() { return *format.getDataset(); }
};

Dataset *unwrap(msl_dcm_dataset dataset) { return static_cast<Dataset *>(dataset.ctx); }

int checkHandle(msl_dcm_dataset dataset, const Failure &fail) {
    if (dataset.ctx == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null msl_dcm_dataset handle");
    return MSL_DCM_OK;
}

// MARK: - Paths and the dictionary

/// "(0008,2112)[3]/(0040,A170)[0]" for error messages.
std::string describePath(const msl_dcm_item_step *path, size_t depth) {
    if (depth == 0) return "the top level";
    std::string text;
    for (size_t i = 0; i < depth; ++i) {
        if (!text.empty()) text += " / ";
        text += describe(DcmTagKey(path[i].group, path[i].element)) + " item " + std::to_string(path[i].item);
    }
    return text;
}

/// The item the path leads to: the dataset itself for depth 0.
int resolve(Dataset &handle, const msl_dcm_item_step *path, size_t depth, DcmItem *&item, const Failure &fail) {
    if (depth > 0 && path == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null path with depth > 0");
    item = &handle.dataset();
    for (size_t i = 0; i < depth; ++i) {
        const DcmTagKey key(path[i].group, path[i].element);
        DcmElement *element = nullptr;
        if (item->findAndGetElement(key, element, OFFalse).bad() || element == nullptr)
            return fail(MSL_DCM_ERROR_NOT_FOUND, describePath(path, i + 1) + ": " + describe(key) + " is absent");
        if (element->ident() != EVR_SQ)
            return fail(MSL_DCM_ERROR_VALUE, describePath(path, i + 1) + ": " + describe(key) + " is not a sequence");
        auto *sequence = static_cast<DcmSequenceOfItems *>(element);
        if (path[i].item >= sequence->card())
            return fail(MSL_DCM_ERROR_NOT_FOUND, describePath(path, i + 1) + ": the sequence has " +
                                                     std::to_string(sequence->card()) + " items");
        item = sequence->getItem(path[i].item);
        if (item == nullptr) return fail(MSL_DCM_ERROR_INTERNAL, describePath(path, i + 1) + ": item is unreadable");
    }
    return MSL_DCM_OK;
}

/// The dictionary entry's VR and VM ("1", "1-n", "2-2n" is reported as "2-n"); false when unknown.
bool dictionaryEntry(const DcmTagKey &key, DcmEVR &vr, std::string &vm) {
    const DcmDataDictionary &dictionary = dcmDataDict.rdlock();
    const DcmDictEntry *entry = dictionary.findEntry(key, nullptr);
    bool found = entry != nullptr;
    if (found) {
        vr = entry->getEVR();
        const int low = entry->getVMMin();
        const int high = entry->getVMMax();
        if (high == DcmVariableVM) vm = std::to_string(low) + "-n";
        else if (low == high) vm = std::to_string(low);
        else vm = std::to_string(low) + "-" + std::to_string(high);
    }
    dcmDataDict.rdunlock();
    return found;
}

int requireDictionary(const DcmTagKey &key, DcmEVR &vr, std::string &vm, const Failure &fail) {
    if (!dictionaryEntry(key, vr, vm))
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + " is not in DCMTK's data dictionary (private tags are "
                                                            "not supported)");
    return MSL_DCM_OK;
}

bool isStringVR(DcmEVR vr) {
    switch (vr) {
    case EVR_AE: case EVR_AS: case EVR_CS: case EVR_DA: case EVR_DS: case EVR_DT: case EVR_IS: case EVR_LO:
    case EVR_LT: case EVR_PN: case EVR_SH: case EVR_ST: case EVR_TM: case EVR_UC: case EVR_UI: case EVR_UR:
    case EVR_UT:
        return true;
    default:
        return false;
    }
}

/// The VR named by `name` ("US"), or the dictionary's when `name` is NULL.
int chooseVR(const DcmTagKey &key, const char *name, DcmEVR &vr, const Failure &fail) {
    std::string vm;
    DcmEVR dictionaryVR = EVR_UNKNOWN;
    const bool known = dictionaryEntry(key, dictionaryVR, vm);
    if (name == nullptr) {
        if (!known)
            return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + " is not in DCMTK's data dictionary; name its VR");
        vr = dictionaryVR;
        return MSL_DCM_OK;
    }
    DcmVR chosen(name);
    if (chosen.getEVR() == EVR_UNKNOWN || std::strlen(name) != 2 || std::strcmp(chosen.getVRName(), name) != 0)
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": '" + name + "' is not a VR");
    vr = chosen.getEVR();
    return MSL_DCM_OK;
}

/// Inserts `element` into `item`, replacing an earlier one; takes ownership either way.
int insert(DcmItem &item, DcmElement *element, const Failure &fail) {
    std::unique_ptr<DcmElement> owned(element);
    const DcmTagKey key = element->getTag();
    OFCondition condition = item.insert(element, OFTrue);
    if (condition.bad()) return fail(MSL_DCM_ERROR_INTERNAL, describe(key) + ": cannot insert: " + condition.text());
    owned.release();
    return MSL_DCM_OK;
}

int putFailed(const DcmTagKey &key, const OFCondition &condition, const Failure &fail) {
    return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot set the value: " + condition.text());
}

// MARK: - Integers

template <typename T>
int narrow(const DcmTagKey &key, const char *vrName, const int64_t *values, size_t count, std::vector<T> &out,
           const Failure &fail) {
    out.resize(count);
    for (size_t i = 0; i < count; ++i) {
        if (values[i] < int64_t(std::numeric_limits<T>::min()) || values[i] > int64_t(std::numeric_limits<T>::max()))
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(i + 1) + " (" +
                                                 std::to_string(values[i]) + ") is outside the range of VR " + vrName);
        out[i] = static_cast<T>(values[i]);
    }
    return MSL_DCM_OK;
}

/// A new `Element` of VR `vrName` holding `values`, each checked to fit `T`, stored by `put`.
template <typename Element, typename T>
int makeNarrowed(const DcmTag &tag, const char *vrName, const int64_t *values, size_t count, DcmElement *&made,
                 const Failure &fail, OFCondition (DcmElement::*put)(const T *, const unsigned long)) {
    std::vector<T> v;
    if (int s = narrow(tag.getXTag(), vrName, values, count, v, fail)) return s;
    auto element = std::make_unique<Element>(tag);
    OFCondition condition = count > 0 ? (element.get()->*put)(v.data(), static_cast<unsigned long>(count)) : EC_Normal;
    if (condition.bad()) return putFailed(tag.getXTag(), condition, fail);
    made = element.release();
    return MSL_DCM_OK;
}

int makeIntegerElement(const DcmTag &tag, const int64_t *values, size_t count, DcmElement *&made,
                       const Failure &fail) {
    const DcmTagKey key = tag.getXTag();
    OFCondition condition = EC_Normal;
    switch (tag.getEVR()) {
    case EVR_US: return makeNarrowed<DcmUnsignedShort, Uint16>(tag, "US", values, count, made, fail, &DcmElement::putUint16Array);
    case EVR_SS: return makeNarrowed<DcmSignedShort, Sint16>(tag, "SS", values, count, made, fail, &DcmElement::putSint16Array);
    case EVR_UL: return makeNarrowed<DcmUnsignedLong, Uint32>(tag, "UL", values, count, made, fail, &DcmElement::putUint32Array);
    case EVR_SL: return makeNarrowed<DcmSignedLong, Sint32>(tag, "SL", values, count, made, fail, &DcmElement::putSint32Array);
    case EVR_AT: {
        std::vector<Uint32> v;
        if (int s = narrow(key, "AT", values, count, v, fail)) return s;
        auto element = std::make_unique<DcmAttributeTag>(tag);
        for (size_t i = 0; i < count && condition.good(); ++i)
            condition = element->putTagVal(DcmTagKey(Uint16(v[i] >> 16), Uint16(v[i] & 0xFFFF)),
                                           static_cast<unsigned long>(i));
        made = element.release();
        break;
    }
    default:
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": VR " + tag.getVRName() +
                                                " is not an integer VR (US, SS, UL, SL, AT); name one for an "
                                                "ambiguous dictionary VR");
    }
    if (condition.bad()) {
        delete made;
        made = nullptr;
        return putFailed(key, condition, fail);
    }
    return MSL_DCM_OK;
}

// MARK: - Bulk data

int makeBulkElement(const DcmTag &tag, const void *data, size_t length, DcmElement *&made, const Failure &fail) {
    const DcmTagKey key = tag.getXTag();
    size_t word = 1;
    switch (tag.getEVR()) {
    case EVR_OB: word = 1; break;
    case EVR_OW: word = 2; break;
    case EVR_OL: case EVR_OF: word = 4; break;
    case EVR_OD: word = 8; break;
    default:
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": VR " + tag.getVRName() +
                                                " is not a bulk VR (OB, OW, OL, OF, OD); name one for an ambiguous "
                                                "dictionary VR");
    }
    if (length % word != 0)
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": " + std::to_string(length) +
                                                " bytes is not a whole number of " + std::to_string(word) +
                                                "-byte words of VR " + tag.getVRName());
    if (length > 0xFFFFFFF0u)
        return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": " + std::to_string(length) +
                                                " bytes do not fit a 32-bit value length");
    if (length > 0 && data == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": null data");
    const unsigned long words = static_cast<unsigned long>(length / word);
    OFCondition condition = EC_Normal;
    std::unique_ptr<DcmElement> element;
    if (key == DCM_PixelData) {
        if (tag.getEVR() != EVR_OB && tag.getEVR() != EVR_OW)
            return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + " must be OB or OW");
        auto pixels = std::make_unique<DcmPixelData>(tag);
        if (length > 0)
            condition = tag.getEVR() == EVR_OW ? pixels->putUint16Array(static_cast<const Uint16 *>(data), words)
                                               : pixels->putUint8Array(static_cast<const Uint8 *>(data), words);
        element = std::move(pixels);
    } else {
        switch (tag.getEVR()) {
        case EVR_OB: case EVR_OW: {
            auto other = std::make_unique<DcmOtherByteOtherWord>(tag);
            if (length > 0)
                condition = tag.getEVR() == EVR_OW ? other->putUint16Array(static_cast<const Uint16 *>(data), words)
                                                   : other->putUint8Array(static_cast<const Uint8 *>(data), words);
            element = std::move(other);
            break;
        }
        case EVR_OL: {
            auto other = std::make_unique<DcmOtherLong>(tag);
            if (length > 0) condition = other->putUint32Array(static_cast<const Uint32 *>(data), words);
            element = std::move(other);
            break;
        }
        case EVR_OF: {
            auto other = std::make_unique<DcmOtherFloat>(tag);
            if (length > 0) condition = other->putFloat32Array(static_cast<const Float32 *>(data), words);
            element = std::move(other);
            break;
        }
        default: {
            auto other = std::make_unique<DcmOtherDouble>(tag);
            if (length > 0) condition = other->putFloat64Array(static_cast<const Float64 *>(data), words);
            element = std::move(other);
            break;
        }
        }
    }
    if (condition.bad()) return putFailed(key, condition, fail);
    made = element.release();
    return MSL_DCM_OK;
}

// MARK: - Saving

std::string errnoText(const std::string &what, const std::string &path) {
    return what + " " + path + ": " + std::strerror(errno);
}

/// fsync of a file or folder by path (a read-only descriptor suffices on Linux).
int syncPath(const std::string &path, bool directory, const Failure &fail) {
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
    if (fd < 0) return fail(MSL_DCM_ERROR_IO, errnoText("cannot open", path));
    int result;
    do {
        result = ::fsync(fd);
    } while (result != 0 && errno == EINTR);
    const int saved = errno;
    ::close(fd);
    errno = saved;
    if (result != 0) return fail(MSL_DCM_ERROR_IO, errnoText("cannot fsync", path));
    return MSL_DCM_OK;
}

std::atomic<unsigned long> temporaryCounter{0};

int save(Dataset &handle, const std::string &path, const std::string &classUID, const std::string &versionName,
         const Failure &fail) {
    if (path.empty()) return fail(MSL_DCM_ERROR_ARGUMENT, "empty output path");
    if (classUID.empty() || classUID.size() > 64)
        return fail(MSL_DCM_ERROR_ARGUMENT, "Implementation Class UID must have 1 to 64 characters");
    if (versionName.empty() || versionName.size() > 16)
        return fail(MSL_DCM_ERROR_ARGUMENT, "Implementation Version Name must have 1 to 16 characters");
    DcmDataset &dataset = handle.dataset();
    OFString sopClass, sopInstance;
    if (dataset.findAndGetOFString(DCM_SOPClassUID, sopClass).bad() || sopClass.empty())
        return fail(MSL_DCM_ERROR_ARGUMENT,
                    describe(DCM_SOPClassUID) + " is absent or empty; the meta header needs it");
    if (dataset.findAndGetOFString(DCM_SOPInstanceUID, sopInstance).bad() || sopInstance.empty())
        return fail(MSL_DCM_ERROR_ARGUMENT,
                    describe(DCM_SOPInstanceUID) + " is absent or empty; the meta header needs it");

    const size_t slash = path.find_last_of('/');
    const std::string folder = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
    const std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    if (name.empty()) return fail(MSL_DCM_ERROR_ARGUMENT, "output path " + path + " names a folder");
    const std::string temporary = (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "." +
                                  name + "." + std::to_string(::getpid()) + "-" +
                                  std::to_string(temporaryCounter.fetch_add(1)) + ".tmp";

    handle.format.implementationClassUID = classUID;
    handle.format.implementationVersionName = versionName;
    errno = 0;
    OFCondition condition = handle.format.saveFile(OFFilename(temporary.c_str()), EXS_LittleEndianExplicit,
                                                   EET_ExplicitLength, EGL_withoutGL, EPD_noChange, 0, 0,
                                                   EWM_createNewMeta);
    if (condition.bad()) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        errno = saved;
        if (saved != 0)  // the file system failed (no folder, no space, no permission): may succeed later
            return fail(MSL_DCM_ERROR_IO, "cannot write " + temporary + ": " + condition.text() + ": " +
                                              std::strerror(saved) + logSuffix());
        return fail(MSL_DCM_ERROR_INTERNAL, "DCMTK cannot write " + temporary + ": " + condition.text() + logSuffix());
    }
    if (int s = syncPath(temporary, false, fail)) {
        ::unlink(temporary.c_str());
        return s;
    }
    if (::rename(temporary.c_str(), path.c_str()) != 0) {
        const std::string message = errnoText("cannot rename " + temporary + " to", path);
        ::unlink(temporary.c_str());
        return fail(MSL_DCM_ERROR_IO, message);
    }
    return syncPath(folder, true, fail);
}

// MARK: - Reading back

int findIn(DcmItem &item, const DcmTagKey &key, DcmElement *&element, const msl_dcm_item_step *path, size_t depth,
           const Failure &fail) {
    if (item.findAndGetElement(key, element, OFFalse).bad() || element == nullptr)
        return fail(MSL_DCM_ERROR_NOT_FOUND, describe(key) + " is absent from " + describePath(path, depth));
    return MSL_DCM_OK;
}

}  // namespace

// MARK: - C API

extern "C" int msl_dcm_dataset_new(msl_dcm_dataset *dataset, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (dataset == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output handle");
        dataset->ctx = nullptr;
        initialiseDCMTK();
        dataset->ctx = new Dataset();
        return MSL_DCM_OK;
    });
}

extern "C" void msl_dcm_dataset_free(msl_dcm_dataset dataset) {
    try {
        delete unwrap(dataset);
    } catch (...) {
    }
}

extern "C" int msl_dcm_dataset_load(const char *path, msl_dcm_dataset *dataset, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (dataset == nullptr || path == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null path or output handle");
        dataset->ctx = nullptr;
        initialiseDCMTK();
        capturedLog.clear();
        struct stat status;
        if (::stat(path, &status) != 0) return fail(MSL_DCM_ERROR_IO, errnoText("cannot stat", path));
        auto handle = std::make_unique<Dataset>();
        OFCondition condition = handle->format.loadFile(OFFilename(path), EXS_Unknown, EGL_noChange,
                                                        DCM_MaxReadLength, ERM_autoDetect);
        if (condition.bad())
            return fail(MSL_DCM_ERROR_UNREADABLE, std::string("DCMTK: ") + condition.text() + logSuffix());
        condition = handle->format.loadAllDataIntoMemory();
        if (condition.bad())
            return fail(MSL_DCM_ERROR_UNREADABLE, std::string("DCMTK: ") + condition.text() + logSuffix());
        dataset->ctx = handle.release();
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_dataset_add_item(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                        uint16_t group, uint16_t element, size_t *index, char *error,
                                        size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR vr = EVR_UNKNOWN;
        std::string vm;
        if (int s = requireDictionary(key, vr, vm, fail)) return s;
        if (vr != EVR_SQ) return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is not a sequence (SQ) attribute");
        DcmElement *found = nullptr;
        DcmSequenceOfItems *sequence = nullptr;
        if (item->findAndGetElement(key, found, OFFalse).good() && found != nullptr) {
            if (found->ident() != EVR_SQ)
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is present and not a sequence");
            sequence = static_cast<DcmSequenceOfItems *>(found);
        } else {
            auto created = std::make_unique<DcmSequenceOfItems>(DcmTag(key));
            sequence = created.get();
            if (int s = insert(*item, created.release(), fail)) return s;
        }
        auto newItem = std::make_unique<DcmItem>();
        OFCondition condition = sequence->append(newItem.get());
        if (condition.bad()) return fail(MSL_DCM_ERROR_INTERNAL, describe(key) + ": cannot append an item");
        newItem.release();
        if (index != nullptr) *index = sequence->card() - 1;
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_dataset_add_sequence(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                            uint16_t group, uint16_t element, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR vr = EVR_UNKNOWN;
        std::string vm;
        if (int s = requireDictionary(key, vr, vm, fail)) return s;
        if (vr != EVR_SQ) return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is not a sequence (SQ) attribute");
        DcmElement *found = nullptr;
        if (item->findAndGetElement(key, found, OFFalse).good() && found != nullptr) {
            if (found->ident() != EVR_SQ)
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is present and not a sequence");
            return MSL_DCM_OK;
        }
        return insert(*item, new DcmSequenceOfItems(DcmTag(key)), fail);
    });
}

extern "C" int msl_dcm_dataset_set_string(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                          uint16_t group, uint16_t element, const char *value, char *error,
                                          size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (value == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null value");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR vr = EVR_UNKNOWN;
        std::string vm;
        if (int s = requireDictionary(key, vr, vm, fail)) return s;
        if (!isStringVR(vr))
            return fail(MSL_DCM_ERROR_ARGUMENT,
                        describe(key) + " has VR " + DcmVR(vr).getVRName() + ", not a string VR");
        DcmTag tag(key, DcmVR(vr));
        DcmElement *made = nullptr;
        OFCondition condition = DcmItem::newDicomElement(made, tag);
        if (condition.bad() || made == nullptr)
            return fail(MSL_DCM_ERROR_INTERNAL, describe(key) + ": cannot make the element: " + condition.text());
        std::unique_ptr<DcmElement> owned(made);
        condition = made->putString(value, static_cast<Uint32>(std::strlen(value)));
        if (condition.bad()) return putFailed(key, condition, fail);
        if (std::strlen(value) > 0) {
            condition = made->checkValue(vm.c_str());
            if (condition.bad())
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": '" + value + "' is not a valid " +
                                                     DcmVR(vr).getVRName() + " value of VM " + vm + ": " +
                                                     condition.text());
        }
        return insert(*item, owned.release(), fail);
    });
}

extern "C" int msl_dcm_dataset_set_integers(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                            uint16_t group, uint16_t element, const char *vr, const int64_t *values,
                                            size_t count, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (count > 0 && values == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null values");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR chosen = EVR_UNKNOWN;
        if (int s = chooseVR(key, vr, chosen, fail)) return s;
        DcmElement *made = nullptr;
        if (int s = makeIntegerElement(DcmTag(key, DcmVR(chosen)), values, count, made, fail)) return s;
        return insert(*item, made, fail);
    });
}

extern "C" int msl_dcm_dataset_set_floats(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                          uint16_t group, uint16_t element, const double *values, size_t count,
                                          char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (count > 0 && values == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null values");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR vr = EVR_UNKNOWN;
        if (int s = chooseVR(key, nullptr, vr, fail)) return s;
        for (size_t i = 0; i < count; ++i)
            if (!std::isfinite(values[i]))
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": value " + std::to_string(i + 1) + " is not finite");
        const DcmTag tag(key, DcmVR(vr));
        const unsigned long n = static_cast<unsigned long>(count);
        OFCondition condition = EC_Normal;
        std::unique_ptr<DcmElement> made;
        if (vr == EVR_FL) {
            std::vector<Float32> narrowed(values, values + count);
            auto single = std::make_unique<DcmFloatingPointSingle>(tag);
            if (count > 0) condition = single->putFloat32Array(narrowed.data(), n);
            made = std::move(single);
        } else if (vr == EVR_FD) {
            auto twice = std::make_unique<DcmFloatingPointDouble>(tag);
            if (count > 0) condition = twice->putFloat64Array(values, n);
            made = std::move(twice);
        } else {
            return fail(MSL_DCM_ERROR_ARGUMENT,
                        describe(key) + " has VR " + DcmVR(vr).getVRName() + ", not FL or FD");
        }
        if (condition.bad()) return putFailed(key, condition, fail);
        return insert(*item, made.release(), fail);
    });
}

extern "C" int msl_dcm_dataset_set_bytes(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                         uint16_t group, uint16_t element, const char *vr, const void *data,
                                         size_t length, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmEVR chosen = EVR_UNKNOWN;
        if (int s = chooseVR(key, vr, chosen, fail)) return s;
        DcmElement *made = nullptr;
        if (int s = makeBulkElement(DcmTag(key, DcmVR(chosen)), data, length, made, fail)) return s;
        return insert(*item, made, fail);
    });
}

extern "C" int msl_dcm_dataset_copy_from_file(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                              msl_dcm_file file, const uint32_t *tags, size_t count, int *copied,
                                              char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmDataset *source = datasetOf(file);
        if (source == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null msl_dcm_file handle");
        if (count > 0 && tags == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null tags");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        for (size_t i = 0; i < count; ++i) {
            const DcmTagKey key(Uint16(tags[i] >> 16), Uint16(tags[i] & 0xFFFF));
            DcmElement *found = nullptr;
            const bool present = source->findAndGetElement(key, found, OFFalse).good() && found != nullptr;
            if (copied != nullptr) copied[i] = present ? 1 : 0;
            if (!present) continue;
            OFCondition condition = found->loadAllDataIntoMemory();
            if (condition.bad())
                return fail(MSL_DCM_ERROR_IO, describe(key) + ": cannot load the value from the source file: " +
                                                  condition.text());
            auto *clone = dynamic_cast<DcmElement *>(found->clone());
            if (clone == nullptr) return fail(MSL_DCM_ERROR_INTERNAL, describe(key) + ": cannot copy");
            if (int s = insert(*item, clone, fail)) return s;
        }
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_dataset_has(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                   uint16_t group, uint16_t element) {
    const Failure fail{nullptr, 0};
    return guarded(fail, [&]() -> int {
        if (dataset.ctx == nullptr) return 0;
        DcmItem *item = nullptr;
        if (resolve(*unwrap(dataset), path, depth, item, fail) != MSL_DCM_OK) return 0;
        return item->tagExists(DcmTagKey(group, element), OFFalse) ? 1 : 0;
    });
}

extern "C" int msl_dcm_dataset_item_count(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                          uint16_t group, uint16_t element, size_t *count, char *error,
                                          size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (count == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null count");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmElement *found = nullptr;
        if (int s = findIn(*item, key, found, path, depth, fail)) return s;
        if (found->ident() != EVR_SQ) return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is not a sequence");
        *count = static_cast<DcmSequenceOfItems *>(found)->card();
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_dataset_string(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                      uint16_t group, uint16_t element, char *out, size_t capacity, size_t *length,
                                      char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmElement *found = nullptr;
        if (int s = findIn(*item, key, found, path, depth, fail)) return s;
        OFString raw;
        if (found->getLength() > 0) {
            OFCondition condition = found->getOFStringArray(raw, OFTrue);
            if (condition.bad())
                return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot read as text: " + condition.text());
        }
        std::string value(raw.c_str(), raw.length());
        while (!value.empty() && (value.back() == ' ' || value.back() == '\0')) value.pop_back();
        return copyString(value, out, capacity, length, fail);
    });
}

extern "C" int msl_dcm_dataset_float64(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                       uint16_t group, uint16_t element, size_t index, double *out, char *error,
                                       size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (out == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "null output");
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmElement *found = nullptr;
        if (int s = findIn(*item, key, found, path, depth, fail)) return s;
        if (found->ident() == EVR_AT) {
            DcmTagKey value;
            if (index >= found->getVM() || found->getLength() == 0)
                return fail(MSL_DCM_ERROR_ARGUMENT, describe(key) + ": value " + std::to_string(index + 1) +
                                                        " requested, " + std::to_string(found->getVM()) + " present");
            OFCondition condition =
                static_cast<DcmAttributeTag *>(found)->getTagVal(value, static_cast<unsigned long>(index));
            if (condition.bad()) return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": " + condition.text());
            *out = double((uint32_t(value.getGroup()) << 16) | value.getElement());
            return MSL_DCM_OK;
        }
        return readDouble(*found, index, *out, fail);
    });
}

extern "C" int msl_dcm_dataset_bytes(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                     uint16_t group, uint16_t element, void *out, size_t capacity, size_t *length,
                                     char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        DcmItem *item = nullptr;
        if (int s = resolve(*unwrap(dataset), path, depth, item, fail)) return s;
        const DcmTagKey key(group, element);
        DcmElement *found = nullptr;
        if (int s = findIn(*item, key, found, path, depth, fail)) return s;
        const size_t bytes = found->getLength();
        if (length != nullptr) *length = bytes;
        const void *source = nullptr;
        OFCondition condition = EC_Normal;
        switch (found->ident()) {
        case EVR_OB: { Uint8 *v = nullptr; condition = found->getUint8Array(v); source = v; break; }
        case EVR_OW: case EVR_PixelData: case EVR_OverlayData: {
            Uint16 *v = nullptr;
            condition = found->getUint16Array(v);
            source = v;
            break;
        }
        case EVR_OL: { Uint32 *v = nullptr; condition = found->getUint32Array(v); source = v; break; }
        case EVR_OF: { Float32 *v = nullptr; condition = found->getFloat32Array(v); source = v; break; }
        case EVR_OD: { Float64 *v = nullptr; condition = found->getFloat64Array(v); source = v; break; }
        default:
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + " is not a bulk (OB, OW, OL, OF, OD) attribute");
        }
        if (condition.bad() || (bytes > 0 && source == nullptr))
            return fail(MSL_DCM_ERROR_VALUE, describe(key) + ": cannot read the value: " + condition.text());
        if (out == nullptr || capacity < bytes)
            return fail(MSL_DCM_ERROR_BUFFER, "output buffer of " + std::to_string(capacity) +
                                                  " bytes is too small for " + std::to_string(bytes));
        if (bytes > 0) std::memcpy(out, source, bytes);
        return MSL_DCM_OK;
    });
}

extern "C" int msl_dcm_dataset_save(msl_dcm_dataset dataset, const char *path, const char *implementation_class_uid,
                                    const char *implementation_version_name, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int s = checkHandle(dataset, fail)) return s;
        if (path == nullptr || implementation_class_uid == nullptr || implementation_version_name == nullptr)
            return fail(MSL_DCM_ERROR_ARGUMENT, "null path or implementation identifier");
        return save(*unwrap(dataset), path, implementation_class_uid, implementation_version_name, fail);
    });
}
