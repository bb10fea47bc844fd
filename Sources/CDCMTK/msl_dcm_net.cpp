// msl_dcm_net.cpp: the sending half of the C API: C-STORE of files to a Storage SCP over one
// association (msl_dcm_store, declared in msl_dcm.h).
//
// Written on DCMTK's ASC/DIMSE layer (what storescu uses) rather than DcmSCU: DcmSCU keeps the
// association parameters private, so a rejected association could only be reported as "DUL Association
// Rejected", while the peer's reason ("Called AE Title Not Recognized") is what an operator needs; and
// DIMSE_storeUser hands back the response's Error Comment, which DcmSCU::sendSTORERequest drops.

#include "msl_dcm.h"
#include "msl_dcm_internal.h"

#include "dcmtk/config/osconfig.h"
#include "dcmtk/dcmdata/dctk.h"
#include "dcmtk/dcmdata/dcuid.h"
#include "dcmtk/dcmnet/assoc.h"
#include "dcmtk/dcmnet/cond.h"
#include "dcmtk/dcmnet/dimse.h"
#include "dcmtk/dcmnet/dul.h"
#include "dcmtk/ofstd/ofstd.h"

#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace msl_dcm_internal;

namespace {

/// DICOM allows 128 presentation contexts per association (odd IDs 1...255).
constexpr size_t maximumContexts = 128;

/// One file to send: its handle (values over 4 KiB stay in the file until sent) and the facts that
/// choose its presentation context.
struct Instance {
    std::string path;
    msl_dcm_file handle{nullptr};
    std::string sopClass;
    std::string sopInstance;
    E_TransferSyntax syntax = EXS_Unknown;
    size_t nativeContext = 0;  // index into the proposals: the SOP class with Explicit/Implicit VR Little Endian
    size_t ownContext = 0;     // index of the context with the file's own syntax when not native, else == nativeContext

    Instance() = default;
    Instance(const Instance &) = delete;
    Instance &operator=(const Instance &) = delete;
    Instance(Instance &&other) noexcept { *this = std::move(other); }
    Instance &operator=(Instance &&other) noexcept {
        std::swap(path, other.path);
        std::swap(handle, other.handle);
        std::swap(sopClass, other.sopClass);
        std::swap(sopInstance, other.sopInstance);
        std::swap(syntax, other.syntax);
        std::swap(nativeContext, other.nativeContext);
        std::swap(ownContext, other.ownContext);
        return *this;
    }
    ~Instance() { close(); }

    /// Releases the parsed file (and Pixel Data loaded for sending) once the file is done.
    void close() {
        msl_dcm_file_free(handle);
        handle.ctx = nullptr;
    }
};

/// One proposed presentation context: a SOP class and the transfer syntaxes offered for it.
struct Proposal {
    std::string sopClass;
    std::vector<std::string> syntaxes;
    T_ASC_PresentationContextID id = 0;
};

/// The network, association parameters and association of one call, released in every path (an open
/// association is aborted), mirroring DcmSCU::freeNetwork: the parameters belong to the association once
/// requested, so they are freed first and unhooked from it.
struct Session {
    T_ASC_Network *network = nullptr;
    T_ASC_Parameters *parameters = nullptr;
    T_ASC_Association *association = nullptr;
    bool established = false;

    Session() = default;
    Session(const Session &) = delete;
    Session &operator=(const Session &) = delete;
    ~Session() {
        if (established) ASC_abortAssociation(association);
        if (parameters != nullptr) {
            ASC_destroyAssociationParameters(&parameters);
            if (association != nullptr) association->params = nullptr;
        }
        if (association != nullptr) ASC_destroyAssociation(&association);
        if (network != nullptr) ASC_dropNetwork(&network);
    }
};

/// DCMTK's condition as one line: "Failed to establish association: Peer aborted Association (or never
/// connected): TCP Initialization Error: Connection refused" (DimseCondition::dump gives one
/// "0006:031b text" line per nested condition).
std::string conditionText(const OFCondition &condition) {
    OFString dump;
    DimseCondition::dump(dump, condition);
    std::string text;
    size_t start = 0;
    const std::string all = dump.c_str();
    while (start <= all.size()) {
        size_t end = all.find('\n', start);
        if (end == std::string::npos) end = all.size();
        std::string line = all.substr(start, end - start);
        // Drop the "mmmm:cccc " module and code prefix.
        if (line.size() > 10 && line[4] == ':' && line[9] == ' ') line = line.substr(10);
        if (!line.empty()) text += (text.empty() ? "" : ": ") + line;
        start = end + 1;
    }
    return text.empty() ? condition.text() : text;
}

/// "Result: Rejected Permanent, Source: Service User, Reason: Called AE Title Not Recognized".
std::string rejectionText(T_ASC_Parameters *parameters) {
    T_ASC_RejectParameters rejection;
    if (ASC_getRejectParameters(parameters, &rejection).bad()) return "no reason given";
    OFString printed;
    ASC_printRejectParameters(printed, &rejection);
    std::string text = printed.c_str();
    for (size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at)) text.replace(at, 1, ", ");
    while (!text.empty() && (text.back() == ',' || text.back() == ' ')) text.pop_back();
    return text;
}

/// "CT Image Storage (1.2.840.10008.5.1.4.1.1.2)"
std::string describeSOPClass(const std::string &uid) {
    const char *name = dcmFindNameOfUID(uid.c_str(), nullptr);
    return name == nullptr ? uid : std::string(name) + " (" + uid + ")";
}

void setDetail(msl_dcm_store_result &result, const std::string &text) {
    const size_t n = std::min(text.size(), sizeof result.detail - 1);
    std::memcpy(result.detail, text.data(), n);
    result.detail[n] = '\0';
}

/// Whether an AE title is sendable: 1 to 16 characters of the default repertoire without backslash,
/// not only spaces (PS3.5 6.2, AE).
bool isValidAETitle(const char *title) {
    const size_t length = std::strlen(title);
    if (length == 0 || length > 16) return false;
    bool onlySpaces = true;
    for (size_t i = 0; i < length; ++i) {
        const unsigned char c = static_cast<unsigned char>(title[i]);
        if (c < 0x20 || c >= 0x7F || c == '\\') return false;
        if (c != ' ') onlySpaces = false;
    }
    return !onlySpaces;
}

/// Opens every file before anything goes on the wire, so a bad file costs no half-sent batch.
int openInstances(const char *const *paths, size_t count, std::vector<Instance> &instances, const Failure &fail) {
    instances.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        if (paths[i] == nullptr) return fail(MSL_DCM_ERROR_ARGUMENT, "path " + std::to_string(i) + " is null");
        Instance instance;
        instance.path = paths[i];
        char message[512] = "";
        if (int status = msl_dcm_file_open(paths[i], &instance.handle, message, sizeof message))
            return fail(status, instance.path + ": " + message);
        DcmDataset *dataset = datasetOf(instance.handle);
        OFString sopClass, sopInstance;
        if (dataset->findAndGetOFString(DCM_SOPClassUID, sopClass).bad() || sopClass.empty())
            return fail(MSL_DCM_ERROR_VALUE, instance.path + ": (0008,0016) SOP Class UID is absent or empty");
        if (dataset->findAndGetOFString(DCM_SOPInstanceUID, sopInstance).bad() || sopInstance.empty())
            return fail(MSL_DCM_ERROR_VALUE, instance.path + ": (0008,0018) SOP Instance UID is absent or empty");
        instance.sopClass = trimmed(sopClass);
        instance.sopInstance = trimmed(sopInstance);
        if (instance.sopClass.size() > 64 || instance.sopInstance.size() > 64)
            return fail(MSL_DCM_ERROR_VALUE,
                        instance.path + ": a SOP Class or Instance UID is longer than 64 characters");
        instance.syntax = dataset->getOriginalXfer();
        if (instance.syntax == EXS_Unknown)
            return fail(MSL_DCM_ERROR_UNREADABLE, instance.path + ": the transfer syntax is unknown");
        instances.push_back(std::move(instance));
    }
    return MSL_DCM_OK;
}

bool isNativeLittleEndian(E_TransferSyntax syntax) {
    return syntax == EXS_LittleEndianExplicit || syntax == EXS_LittleEndianImplicit;
}

/// One context per SOP class with Explicit then Implicit VR Little Endian, which every Storage SCP must
/// accept, plus one per (SOP class, other syntax) so compressed files can go unchanged when the peer
/// takes their syntax.
int propose(std::vector<Instance> &instances, std::vector<Proposal> &proposals, const Failure &fail) {
    std::map<std::pair<std::string, std::string>, size_t> index;
    auto contextFor = [&](const std::string &sopClass, const std::string &key,
                          std::vector<std::string> syntaxes) -> size_t {
        auto found = index.find({sopClass, key});
        if (found != index.end()) return found->second;
        proposals.push_back(Proposal{sopClass, std::move(syntaxes), 0});
        index[{sopClass, key}] = proposals.size() - 1;
        return proposals.size() - 1;
    };
    for (Instance &instance : instances) {
        instance.nativeContext = contextFor(
            instance.sopClass, "native",
            {UID_LittleEndianExplicitTransferSyntax, UID_LittleEndianImplicitTransferSyntax});
        instance.ownContext = instance.nativeContext;
        if (!isNativeLittleEndian(instance.syntax)) {
            const std::string uid = DcmXfer(instance.syntax).getXferID();
            instance.ownContext = contextFor(instance.sopClass, uid, {uid});
        }
    }
    if (proposals.size() > maximumContexts)
        return fail(MSL_DCM_ERROR_ARGUMENT,
                    "these files need " + std::to_string(proposals.size()) +
                        " presentation contexts (SOP class and transfer syntax pairs), more than the 128 one "
                        "association allows; send them in smaller batches");
    for (size_t i = 0; i < proposals.size(); ++i) proposals[i].id = static_cast<T_ASC_PresentationContextID>(2 * i + 1);
    return MSL_DCM_OK;
}

/// The accepted transfer syntax of a proposal, or "" when the peer refused it.
std::string acceptedSyntax(Session &session, const Proposal &proposal) {
    T_ASC_PresentationContext context;
    if (ASC_findAcceptedPresentationContext(session.association->params, proposal.id, &context).bad()) return "";
    if (context.resultReason != ASC_P_ACCEPTANCE) return "";
    return context.acceptedTransferSyntax;
}

/// Network, parameters, contexts, then the association request. MSL_DCM_ERROR_NETWORK when it fails.
int associate(Session &session, const char *host, int port, const char *callingAE, const char *calledAE,
              int timeout, const std::vector<Proposal> &proposals, const Failure &fail) {
    dcmConnectionTimeout.set(static_cast<Sint32>(timeout));
    OFCondition condition = ASC_initializeNetwork(NET_REQUESTOR, 0, timeout, &session.network);
    if (condition.bad())
        return fail(MSL_DCM_ERROR_NETWORK, "cannot initialise the network: " + conditionText(condition) + logSuffix());
    condition = ASC_createAssociationParameters(&session.parameters, ASC_DEFAULTMAXPDU);
    if (condition.bad())
        return fail(MSL_DCM_ERROR_INTERNAL, "cannot create association parameters: " + conditionText(condition));
    ASC_setAPTitles(session.parameters, callingAE, calledAE, nullptr);
    const std::string peerAddress = std::string(host) + ":" + std::to_string(port);
    ASC_setPresentationAddresses(session.parameters, OFStandard::getHostName().c_str(), peerAddress.c_str());
    for (const Proposal &proposal : proposals) {
        std::vector<const char *> syntaxes;
        for (const std::string &syntax : proposal.syntaxes) syntaxes.push_back(syntax.c_str());
        condition = ASC_addPresentationContext(session.parameters, proposal.id, proposal.sopClass.c_str(),
                                               syntaxes.data(), static_cast<int>(syntaxes.size()));
        if (condition.bad())
            return fail(MSL_DCM_ERROR_INTERNAL, "cannot propose " + describeSOPClass(proposal.sopClass) + ": " +
                                                    conditionText(condition));
    }
    condition = ASC_requestAssociation(session.network, session.parameters, &session.association);
    if (condition == DUL_ASSOCIATIONREJECTED)
        return fail(MSL_DCM_ERROR_NETWORK, std::string("the peer rejected the association (called AE title '") +
                                               calledAE + "', calling AE title '" + callingAE +
                                               "'): " + rejectionText(session.parameters) + logSuffix());
    if (condition.bad())
        return fail(MSL_DCM_ERROR_NETWORK, "cannot open an association: " + conditionText(condition) + logSuffix());
    session.established = true;
    return MSL_DCM_OK;
}

/// The context a file goes in and its syntax: its own when accepted, else the native one. False when
/// the peer accepted neither.
bool chooseContext(Session &session, const Instance &instance, const std::vector<Proposal> &proposals,
                   const Proposal *&chosen, std::string &syntax) {
    for (size_t index : {instance.ownContext, instance.nativeContext}) {
        syntax = acceptedSyntax(session, proposals[index]);
        if (!syntax.empty()) {
            chosen = &proposals[index];
            return true;
        }
    }
    return false;
}

/// Converts the dataset to the negotiated syntax when it differs (decompression through the decoders
/// initialiseDCMTK registered). Returns "" on success, else why not.
std::string convert(DcmDataset &dataset, E_TransferSyntax from, const std::string &to) {
    DcmXfer target(to.c_str());
    if (target.getXfer() == from) return "";
    OFCondition condition = dataset.chooseRepresentation(target.getXfer(), nullptr);
    if (condition.good() && dataset.canWriteXfer(target.getXfer(), from)) return "";
    return std::string("the peer accepts this SOP class only in ") + target.getXferName() +
           ", and DCMTK cannot convert " + DcmXfer(from).getXferName() + " to it" +
           (condition.bad() ? std::string(": ") + condition.text() : "") + logSuffix();
}

/// One C-STORE on the open association. MSL_DCM_ERROR_NETWORK when the exchange itself fails.
int store(Session &session, const Proposal &context, Instance &instance, int timeout, msl_dcm_store_result &result,
          const Failure &fail) {
    T_DIMSE_C_StoreRQ request;
    std::memset(&request, 0, sizeof request);
    request.MessageID = session.association->nextMsgID++;
    OFStandard::strlcpy(request.AffectedSOPClassUID, instance.sopClass.c_str(), sizeof request.AffectedSOPClassUID);
    OFStandard::strlcpy(request.AffectedSOPInstanceUID, instance.sopInstance.c_str(),
                        sizeof request.AffectedSOPInstanceUID);
    request.DataSetType = DIMSE_DATASET_PRESENT;
    request.Priority = DIMSE_PRIORITY_MEDIUM;
    T_DIMSE_C_StoreRSP response;
    std::memset(&response, 0, sizeof response);
    DcmDataset *statusDetail = nullptr;
    OFCondition condition =
        DIMSE_storeUser(session.association, context.id, &request, nullptr, datasetOf(instance.handle), nullptr,
                        nullptr, DIMSE_NONBLOCKING, timeout, &response, &statusDetail);
    std::unique_ptr<DcmDataset> detail(statusDetail);
    if (condition.bad()) return fail(MSL_DCM_ERROR_NETWORK, conditionText(condition) + logSuffix());
    result.status = response.DimseStatus;
    OFString comment;
    if (detail && detail->findAndGetOFString(DCM_ErrorComment, comment).good() && !comment.empty())
        setDetail(result, comment.c_str());
    return MSL_DCM_OK;
}

int checkArguments(const char *host, int port, const char *callingAE, const char *calledAE, int timeout,
                   const char *const *paths, size_t count, msl_dcm_store_result *results, const Failure &fail) {
    if (host == nullptr || callingAE == nullptr || calledAE == nullptr ||
        (count > 0 && (paths == nullptr || results == nullptr)))
        return fail(MSL_DCM_ERROR_ARGUMENT, "null host, AE title, paths or results");
    const size_t hostLength = std::strlen(host);
    if (hostLength == 0 || std::strchr(host, ':') != nullptr || std::strchr(host, ' ') != nullptr)
        return fail(MSL_DCM_ERROR_ARGUMENT, std::string("host '") + host + "' is not a host name or IPv4 address");
    if (port < 1 || port > 65535)
        return fail(MSL_DCM_ERROR_ARGUMENT, "port " + std::to_string(port) + " is outside 1...65535");
    if (hostLength + 1 + std::to_string(port).size() > 63)
        return fail(MSL_DCM_ERROR_ARGUMENT,
                    std::string("host '") + host + "' is too long: DCMTK keeps 'host:port' in 63 characters");
    const std::string aeRule = "' is not 1 to 16 printable ASCII characters without backslash, not only spaces";
    if (!isValidAETitle(callingAE))
        return fail(MSL_DCM_ERROR_ARGUMENT, std::string("calling AE title '") + callingAE + aeRule);
    if (!isValidAETitle(calledAE))
        return fail(MSL_DCM_ERROR_ARGUMENT, std::string("called AE title '") + calledAE + aeRule);
    if (timeout < 1) return fail(MSL_DCM_ERROR_ARGUMENT, "timeout " + std::to_string(timeout) + " s is not positive");
    return MSL_DCM_OK;
}

}  // namespace

extern "C" int msl_dcm_store(const char *host, int port, const char *calling_ae, const char *called_ae,
                             int timeout_seconds, const char *const *paths, size_t count,
                             msl_dcm_store_result *results, char *error, size_t error_capacity) {
    const Failure fail{error, error_capacity};
    return guarded(fail, [&]() -> int {
        if (int status =
                checkArguments(host, port, calling_ae, called_ae, timeout_seconds, paths, count, results, fail))
            return status;
        for (size_t i = 0; i < count; ++i) {
            results[i].status = MSL_DCM_STORE_NOT_SENT;
            results[i].detail[0] = '\0';
        }
        if (count == 0) return MSL_DCM_OK;
        initialiseDCMTK();  // decoders for conversion; DCMTK's log (dcmnet's too) captured, not on stderr

        std::vector<Instance> instances;
        if (int status = openInstances(paths, count, instances, fail)) return status;
        std::vector<Proposal> proposals;
        if (int status = propose(instances, proposals, fail)) return status;

        capturedLog.clear();
        Session session;
        if (int status = associate(session, host, port, calling_ae, called_ae, timeout_seconds, proposals, fail))
            return status;

        for (size_t i = 0; i < count; ++i) {
            Instance &instance = instances[i];
            const Proposal *context = nullptr;
            std::string syntax;
            if (!chooseContext(session, instance, proposals, context, syntax)) {
                const std::string syntaxes = isNativeLittleEndian(instance.syntax)
                                                 ? std::string("Explicit or Implicit VR Little Endian")
                                                 : std::string(DcmXfer(instance.syntax).getXferName()) +
                                                       " or Explicit/Implicit VR Little Endian";
                setDetail(results[i], "the peer accepted no presentation context for " +
                                          describeSOPClass(instance.sopClass) + " in " + syntaxes);
                instance.close();
                continue;
            }
            capturedLog.clear();
            const std::string refusal = convert(*datasetOf(instance.handle), instance.syntax, syntax);
            if (!refusal.empty()) {
                setDetail(results[i], refusal);
                instance.close();
                continue;
            }
            capturedLog.clear();
            char message[1024] = "";
            if (store(session, *context, instance, timeout_seconds, results[i], Failure{message, sizeof message}))
                return fail(MSL_DCM_ERROR_NETWORK, "C-STORE of " + instance.path + " (file " + std::to_string(i + 1) +
                                                       " of " + std::to_string(count) + ") failed: " + message);
            instance.close();
        }
        if (ASC_releaseAssociation(session.association).good()) session.established = false;  // else aborted
        return MSL_DCM_OK;
    });
}
