/*
 * msl_dcm.h: msl's C API over DCMTK 3.6.7 (dcmdata, dcmjpeg, dcmjpls, dcmnet): reading (msl_dcm.cpp) and
 * writing (msl_dcm_write.cpp) DICOM files, and sending them to a storage peer (msl_dcm_net.cpp).
 * Not API outside msl.
 *
 * Conventions (as mlx-c):
 *   - every function is extern "C", catches every C++ exception and returns an int status
 *     (MSL_DCM_OK = 0); on failure a readable NUL-terminated message is written into
 *     `error` (capacity `error_capacity` bytes, truncated to fit; both may be NULL / 0);
 *   - `msl_dcm_file` is an opaque handle: `msl_dcm_file_open` makes it, `msl_dcm_file_free`
 *     releases it; a handle is not thread-safe, distinct handles may be used concurrently;
 *   - tags are (group, element) pairs; string outputs report their length without the NUL in
 *     `*length` and fail with MSL_DCM_ERROR_BUFFER (output untouched) when `capacity` is too small,
 *     so callers retry with `*length + 1` bytes.
 */
#ifndef MSL_DCM_H
#define MSL_DCM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes. */
enum {
    MSL_DCM_OK = 0,
    MSL_DCM_ERROR_ARGUMENT = 1,    /* null handle or pointer, index out of range, wrong output size */
    MSL_DCM_ERROR_UNREADABLE = 2,  /* the file cannot be opened or parsed as DICOM */
    MSL_DCM_ERROR_NOT_FOUND = 3,   /* the attribute or sequence item is absent */
    MSL_DCM_ERROR_VALUE = 4,       /* the attribute is present but its value is malformed */
    MSL_DCM_ERROR_PIXELS = 5,      /* Pixel Data missing, too short, or failing to decode */
    MSL_DCM_ERROR_UNSUPPORTED = 6, /* no decoder for the transfer syntax, or a pixel format msl does not read */
    MSL_DCM_ERROR_BUFFER = 7,      /* the output string buffer is too small; see *length */
    MSL_DCM_ERROR_INTERNAL = 8,    /* an unexpected C++ exception or allocation failure */
    MSL_DCM_ERROR_IO = 9,          /* the file cannot be stat'ed or opened (errno text); may succeed later */
    MSL_DCM_ERROR_NETWORK = 10     /* peer unreachable, association rejected or aborted, timeout; may succeed later */
};

/* One parsed DICOM file (Part 10 or a raw dataset). Values larger than 4 KiB (Pixel Data) stay in
 * the file and are read when first needed, so the file must not change while the handle lives. */
typedef struct msl_dcm_file_ {
    void *ctx;
} msl_dcm_file;

/* What the Pixel Data element looks like, without decoding it. */
typedef struct msl_dcm_pixel_info {
    int present;        /* 1 if Pixel Data (7FE0,0010) is present */
    int encapsulated;   /* 1 if stored as compressed fragments */
    int decodable;      /* 1 if this DCMTK build can decode the transfer syntax */
    uint64_t length;    /* native: value length in bytes; encapsulated: 0 */
    uint64_t fragments; /* encapsulated: number of fragments, offset table excluded; native: 0 */
} msl_dcm_pixel_info;

/* Parses `path` with DCMTK (DcmFileFormat::loadFile, EXS_Unknown, ERM_autoDetect): a Part 10 file or a
 * raw dataset. A file without the Part 10 header must hold SOP Class UID (0008,0016), otherwise it is
 * reported as not DICOM. Empty, truncated and non-DICOM files fail with MSL_DCM_ERROR_UNREADABLE and a
 * message quoting DCMTK's complaint; a file that cannot be stat'ed or opened fails with MSL_DCM_ERROR_IO.
 * The first call registers DCMTK's RLE, JPEG and JPEG-LS decoders and routes DCMTK's log (which would
 * otherwise go to stderr) into the error messages. On success `*file` holds a new handle. */
int msl_dcm_file_open(const char *path, msl_dcm_file *file, char *error, size_t error_capacity);

/* Releases the handle (NULL ctx is allowed). */
void msl_dcm_file_free(msl_dcm_file file);

/* 1 if the attribute is present in the top-level dataset (even with an empty value), 0 otherwise. */
int msl_dcm_file_has(msl_dcm_file file, uint16_t group, uint16_t element);

/* The transfer syntax UID the file was stored in: (0002,0010) of the meta header, or the one detected
 * for a raw dataset. `name` (may be NULL) receives DCMTK's name for it, e.g. "JPEG 2000 (Lossless only)". */
int msl_dcm_file_transfer_syntax(msl_dcm_file file, char *uid, size_t capacity, size_t *length, char *name,
                                 size_t name_capacity, char *error, size_t error_capacity);

/* Value multiplicity (number of backslash-separated values, or of binary values); 0 for an empty value.
 * MSL_DCM_ERROR_NOT_FOUND when absent. */
int msl_dcm_file_value_count(msl_dcm_file file, uint16_t group, uint16_t element, size_t *count, char *error,
                             size_t error_capacity);

/* One value (index >= 0) trimmed of padding spaces, or the whole value (index < 0) with values joined by
 * "\\" and trailing padding removed. Text of VRs affected by Specific Character Set (SH, LO, ST, LT, UT,
 * UC, PN) is converted to UTF-8; other bytes are returned as stored. */
int msl_dcm_file_string(msl_dcm_file file, uint16_t group, uint16_t element, long index, char *out,
                        size_t capacity, size_t *length, char *error, size_t error_capacity);

/* A number by index: DS and IS are parsed strictly (surrounding spaces and NULs allowed, nothing else;
 * non-finite values rejected); US, SS, UL, SL, FL, FD are read as binary. */
int msl_dcm_file_float64(msl_dcm_file file, uint16_t group, uint16_t element, size_t index, double *out,
                         char *error, size_t error_capacity);

/* An integer by index: IS (strictly), US, SS, UL, SL; DS only when integral. */
int msl_dcm_file_int64(msl_dcm_file file, uint16_t group, uint16_t element, size_t index, int64_t *out,
                       char *error, size_t error_capacity);

/* Number of items of a top-level sequence; MSL_DCM_ERROR_NOT_FOUND when the sequence is absent,
 * MSL_DCM_ERROR_VALUE when the tag is not a sequence. */
int msl_dcm_file_item_count(msl_dcm_file file, uint16_t sequence_group, uint16_t sequence_element, size_t *count,
                            char *error, size_t error_capacity);

/* A string of an attribute inside item `item` of a top-level sequence, as msl_dcm_file_string, e.g.
 * Device UID (0018,1002) in Contributing Equipment Sequence (0018,A001). */
int msl_dcm_file_item_string(msl_dcm_file file, uint16_t sequence_group, uint16_t sequence_element, size_t item,
                             uint16_t group, uint16_t element, long index, char *out, size_t capacity,
                             size_t *length, char *error, size_t error_capacity);

/* The facts of Pixel Data (7FE0,0010) needed to validate it before decoding. */
int msl_dcm_file_pixel_info(msl_dcm_file file, msl_dcm_pixel_info *info, char *error, size_t error_capacity);

/* The modality LUT of `frame` (0-based): Rescale Slope (0028,1053) and Intercept (0028,1052) of this
 * file's top-level dataset, else of the Pixel Value Transformation Sequence (0028,9145) in the
 * Per-frame (5200,9230) then Shared (5200,9229) Functional Groups. `*found` is 0 (and the values 1 and 0)
 * when none is present; a slope without intercept or the reverse is MSL_DCM_ERROR_VALUE. */
int msl_dcm_file_rescale(msl_dcm_file file, uint32_t frame, double *slope, double *intercept, int *found,
                         char *error, size_t error_capacity);

/* Decodes frame `frame` (0-based) into `count` = Rows x Columns floats, row-major, as modality values:
 * stored value x Rescale Slope + Rescale Intercept of THIS file (msl_dcm_file_rescale; identity when
 * absent), computed in double and rounded to float. For CT these are Hounsfield units.
 *   - Stored values: bits above High Bit and below High Bit + 1 - Bits Stored are masked off; with
 *     Pixel Representation 1 the Bits Stored field is sign-extended (two's complement).
 *   - MONOCHROME1 is NOT inverted: it says how to display, not what the values mean, so the modality
 *     values keep their stored meaning (HU stay HU); a viewer inverts the grey scale.
 *   - Readable: Samples per Pixel 1, MONOCHROME1/2, Bits Allocated 8, 16 or 32, any transfer syntax this
 *     DCMTK decodes (native, deflate, RLE, JPEG baseline/extended/lossless, JPEG-LS). Others, e.g.
 *     JPEG 2000 (1.2.840.10008.1.2.4.90/.91), fail with MSL_DCM_ERROR_UNSUPPORTED naming the UID and name.
 *   - Native Pixel Data shorter than the frame needs fails with MSL_DCM_ERROR_PIXELS. */
int msl_dcm_file_pixels_float(msl_dcm_file file, uint32_t frame, float *out, size_t count, char *error,
                              size_t error_capacity);

/* As msl_dcm_file_pixels_float without the modality LUT: the (masked, sign-extended) stored values. */
int msl_dcm_file_stored_pixels_float(msl_dcm_file file, uint32_t frame, float *out, size_t count, char *error,
                                     size_t error_capacity);

/* ------------------------------------------------------------------------------------------------
 * Writing (msl_dcm_write.cpp)
 *
 * A dataset is built in memory, value by value, then saved as a Part 10 file. Values inside
 * sequence items are addressed by a path of steps from the top level: step i names a sequence
 * and an item of it (0-based), so { {0x0008,0x2112,3}, {0x0040,0xA170,0} } is item 0 of Purpose of
 * Reference Code Sequence in item 3 of Source Image Sequence. `path` may be NULL when `depth` is 0.
 * Functions taking a path fail with MSL_DCM_ERROR_NOT_FOUND when a step names an absent sequence or
 * item. Setting a value replaces an earlier value of the same tag in the same item.
 * ------------------------------------------------------------------------------------------------ */

/* A DICOM dataset being built (or loaded, to read nested values back). Opaque; not thread-safe. */
typedef struct msl_dcm_dataset_ {
    void *ctx;
} msl_dcm_dataset;

/* One step into a nested sequence: item `item` (0-based) of the sequence (group, element). */
typedef struct msl_dcm_item_step {
    uint16_t group;
    uint16_t element;
    uint32_t item;
} msl_dcm_item_step;

/* Makes an empty dataset; `*dataset` holds a new handle on success. */
int msl_dcm_dataset_new(msl_dcm_dataset *dataset, char *error, size_t error_capacity);

/* Releases the handle (NULL ctx is allowed). */
void msl_dcm_dataset_free(msl_dcm_dataset dataset);

/* Loads every attribute of a Part 10 file (or raw dataset) into a new dataset handle, fully into
 * memory, so that nested values can be read back with msl_dcm_dataset_item_count/_string/_float64.
 * Fails as msl_dcm_file_open does (MSL_DCM_ERROR_IO / MSL_DCM_ERROR_UNREADABLE). */
int msl_dcm_dataset_load(const char *path, msl_dcm_dataset *dataset, char *error, size_t error_capacity);

/* Appends an empty item to the sequence (group, element) of the item at `path`, creating the sequence
 * when absent; `*index` (may be NULL) receives the new item's index. MSL_DCM_ERROR_VALUE when the
 * dictionary VR of the tag is not SQ or an attribute of that tag exists and is not a sequence. */
int msl_dcm_dataset_add_item(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth, uint16_t group,
                             uint16_t element, size_t *index, char *error, size_t error_capacity);

/* Inserts an empty sequence (zero items) unless one is present: a Type 2 sequence with no value. */
int msl_dcm_dataset_add_sequence(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                 uint16_t group, uint16_t element, char *error, size_t error_capacity);

/* Sets a text attribute: `value` holds all values joined by "\\" ("" gives an empty, Type 2 value), in
 * the bytes of the dataset's Specific Character Set (the caller encodes; nothing is converted). The
 * VR comes from DCMTK's dictionary and must be a string VR (AE AS CS DA DS DT IS LO LT PN SH ST TM UC
 * UI UR UT); the value is then checked against that VR and the dictionary's VM (DCMTK checkValue), so
 * a 17-character DS, a UI with letters or 5 values for a VM of 3 fail with MSL_DCM_ERROR_VALUE. Tags
 * absent from the dictionary fail with MSL_DCM_ERROR_ARGUMENT. */
int msl_dcm_dataset_set_string(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                               uint16_t group, uint16_t element, const char *value, char *error,
                               size_t error_capacity);

/* Sets a binary integer attribute of VR US, SS, UL, SL or AT from `count` values (count 0 gives an
 * empty value). `vr` ("US", …) overrides the dictionary VR and is required for tags whose dictionary
 * VR is ambiguous (e.g. "xs" = US or SS); NULL takes the dictionary's. Values outside the VR's range
 * fail with MSL_DCM_ERROR_VALUE. AT values are (group << 16) | element. */
int msl_dcm_dataset_set_integers(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                 uint16_t group, uint16_t element, const char *vr, const int64_t *values,
                                 size_t count, char *error, size_t error_capacity);

/* Sets a binary floating-point attribute of VR FL or FD (dictionary VR) from `count` values; FL values
 * are rounded to float. Non-finite values fail with MSL_DCM_ERROR_VALUE. */
int msl_dcm_dataset_set_floats(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                               uint16_t group, uint16_t element, const double *values, size_t count,
                               char *error, size_t error_capacity);

/* Sets a bulk binary attribute from `length` bytes in host byte order of the VR's word size:
 * OB (bytes; an odd length is padded with one zero byte when written), OW (uint16 words), OL (uint32),
 * OF (float32), OD (float64); the length must be a multiple of the word size. `vr` overrides the
 * dictionary VR and is required when it is ambiguous, e.g. "OW" for Pixel Data (7FE0,0010), which is
 * stored as DCMTK's native (uncompressed) pixel data; Float Pixel Data (7FE0,0008) is OF. */
int msl_dcm_dataset_set_bytes(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                              uint16_t group, uint16_t element, const char *vr, const void *data, size_t length,
                              char *error, size_t error_capacity);

/* Copies attributes verbatim (VR, bytes and any nested items, with no character set conversion) from
 * the top level of `file` into the item at `path`. `tags` holds `count` tags as (group << 16) | element;
 * a tag absent from the file is skipped. `copied` (may be NULL) receives, per tag, 1 when copied and
 * 0 when absent. Copying Specific Character Set with the text keeps the text readable. */
int msl_dcm_dataset_copy_from_file(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                                   msl_dcm_file file, const uint32_t *tags, size_t count, int *copied, char *error,
                                   size_t error_capacity);

/* 1 when the attribute is present in the item at `path` (even empty), 0 otherwise or on error. */
int msl_dcm_dataset_has(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth, uint16_t group,
                        uint16_t element);

/* Number of items of the sequence (group, element) in the item at `path`; MSL_DCM_ERROR_NOT_FOUND when
 * absent, MSL_DCM_ERROR_VALUE when not a sequence. */
int msl_dcm_dataset_item_count(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth,
                               uint16_t group, uint16_t element, size_t *count, char *error, size_t error_capacity);

/* The whole value of a text attribute in the item at `path`, values joined by "\\", trailing padding
 * removed, bytes as stored (no character set conversion); the buffer rules of msl_dcm_file_string. */
int msl_dcm_dataset_string(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth, uint16_t group,
                           uint16_t element, char *out, size_t capacity, size_t *length, char *error,
                           size_t error_capacity);

/* Value `index` of a numeric attribute in the item at `path`: DS/IS parsed, US SS UL SL FL FD read as
 * binary, AT as (group << 16) | element. */
int msl_dcm_dataset_float64(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth, uint16_t group,
                            uint16_t element, size_t index, double *out, char *error, size_t error_capacity);

/* The value of a bulk attribute (OB, OW, OL, OF, OD, e.g. Pixel Data, Float Pixel Data, Encapsulated
 * Document) in the item at `path`, as raw bytes in host order of the VR's word size. `*length` receives
 * the value length in bytes (an OB value may include its pad byte); MSL_DCM_ERROR_BUFFER when
 * `capacity` is smaller (output untouched). MSL_DCM_ERROR_VALUE for other VRs. */
int msl_dcm_dataset_bytes(msl_dcm_dataset dataset, const msl_dcm_item_step *path, size_t depth, uint16_t group,
                          uint16_t element, void *out, size_t capacity, size_t *length, char *error,
                          size_t error_capacity);

/* Saves the dataset as a DICOM Part 10 file at `path`, atomically and durably:
 *   - transfer syntax Explicit VR Little Endian (1.2.840.10008.1.2.1), defined-length sequences and
 *     items, no dataset group lengths;
 *   - a new File Meta Information header: version 00\01, Media Storage SOP Class / Instance UID taken
 *     from SOP Class UID (0008,0016) and SOP Instance UID (0008,0018), which must both be present
 *     (MSL_DCM_ERROR_ARGUMENT otherwise), and the caller's Implementation Class UID and Implementation
 *     Version Name (both required; DCMTK's own are replaced);
 *   - written to a temporary name in the same folder (".<name>.<pid>.tmp", which inboxes ignore),
 *     fsync'ed, renamed over `path`, then the folder fsync'ed; on failure the temporary file is
 *     removed and `path` is untouched.
 * File system failures return MSL_DCM_ERROR_IO with the errno text. The same dataset always gives the
 * same bytes (nothing depends on the clock). */
int msl_dcm_dataset_save(msl_dcm_dataset dataset, const char *path, const char *implementation_class_uid,
                         const char *implementation_version_name, char *error, size_t error_capacity);

/* ------------------------------------------------------------------------------------------------
 * Sending (msl_dcm_net.cpp)
 *
 * C-STORE of files to a Storage SCP (a PACS) over one association, with DCMTK's ASC/DIMSE layer
 * (dcmnet). The calling thread blocks until every file is answered or the association fails.
 * ------------------------------------------------------------------------------------------------ */

/* The status of a file that was not sent (no DIMSE status has the value 0xFFFF). */
#define MSL_DCM_STORE_NOT_SENT 0xFFFF

/* What became of one file. */
typedef struct msl_dcm_store_result {
    uint16_t status;  /* DIMSE status of the C-STORE response (0x0000 success, 0xBxxx warning, others failure),
                         or MSL_DCM_STORE_NOT_SENT */
    char detail[256]; /* NUL-terminated: why the file was not sent, or the response's Error Comment (0000,0902);
                         "" when there is nothing to say */
} msl_dcm_store_result;

/* Sends the `count` files at `paths` to the Storage SCP `called_ae` at `host`:`port` as `calling_ae`.
 *   - Before connecting, every file is opened as msl_dcm_file_open does and must hold SOP Class UID
 *     (0008,0016) and SOP Instance UID (0008,0018); a file that fails ends the call with that status
 *     (MSL_DCM_ERROR_IO, _UNREADABLE or _VALUE) and a message starting with its path: nothing is sent.
 *   - One association proposes, per SOP class, a context with Explicit and Implicit VR Little Endian and,
 *     for each other transfer syntax among the files of that class, a context with that syntax alone (at
 *     most 128 contexts, else MSL_DCM_ERROR_ARGUMENT). Each file goes in its own transfer syntax when the
 *     peer accepted it, else it is converted (decompressed) to the little-endian syntax the peer accepted.
 *   - results[i] (the caller's array of `count`) receives file i's outcome. A file whose SOP class the peer
 *     accepted in no usable context, or that cannot be converted, is MSL_DCM_STORE_NOT_SENT with the reason
 *     in `detail`; the others are still sent. A failure status of the peer does not stop the batch either.
 *   - The association is released at the end (aborted on failure). MSL_DCM_OK means it was opened and
 *     every file has its result.
 * Host (a name or IPv4 address; "host:port" at most 63 characters), AE titles (1 to 16 printable ASCII, no
 * backslash, not only spaces), port (1..65535) and timeout (>= 1) are checked
 * first: MSL_DCM_ERROR_ARGUMENT. `timeout_seconds` bounds the TCP connect (DCMTK's process-wide
 * dcmConnectionTimeout, so concurrent calls share the last value set), the association negotiation and
 * each wait for a C-STORE response. MSL_DCM_ERROR_NETWORK with DCMTK's explanation when the peer cannot
 * be reached, rejects the association (result, source and reason quoted, e.g. "Called AE Title Not
 * Recognized"), aborts it or times out; results of files sent before are kept, the rest stay
 * MSL_DCM_STORE_NOT_SENT. DCMTK's network log goes into the messages, never to stderr. */
int msl_dcm_store(const char *host, int port, const char *calling_ae, const char *called_ae, int timeout_seconds,
                  const char *const *paths, size_t count, msl_dcm_store_result *results, char *error,
                  size_t error_capacity);

#ifdef __cplusplus
}
#endif

#endif /* MSL_DCM_H */
