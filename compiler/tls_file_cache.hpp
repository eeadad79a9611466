// The TLS files of one compile, each read once: certificate, key and CA files, CApath
// directories, and the built tls_server_sni_maps tables whose values hold PEM in base64
// (postmap -F). mfcc creates one cache per run and shares it (CheckOptions::tls_files) between
// the TLS checks and the snapshot contributor, so what the snapshot carries is byte for byte
// what was validated, and a file replaced during the compile can never mix into it.
// Entries are never evicted or changed once read; references stay valid for the cache's life.
// get()/directory()/table() may be called from several threads (a mutex guards the maps).
#pragma once

#include <sys/stat.h>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "compiler/checks.hpp"
#include "util/openssl.hpp"

namespace mf::compiler {

// One file named by the configuration, read once.
struct TlsFile {
    std::string path;          // as configured (for an SNI table value: TYPE:NAME[KEY])
    std::string table;         // for an SNI table value: the table, TYPE:NAME; else ""
    std::string resolved_path; // where it was read (after --sysroot)
    int error_number = 0;      // errno of stat/open/read; 0 when read
    struct stat status {};
    bool is_directory = false;
    std::string bytes;
    std::vector<openssl::PemObject> objects; // PEM blocks, in order
};

// One entry of a built tls_server_sni_maps table: the server name and its value decoded from
// base64 into the PEM it holds.
struct TlsSniEntry {
    std::string server_name;
    bool decoded = false; // false: the value is not base64 (a table built without -F)
    TlsFile value;        // bytes and PEM objects of the decoded value
};

// A built (indexed) table as the runtime would open it.
struct TlsSniTable {
    std::string spec;          // type:name as configured
    std::string file;          // the built file as configured (name + .db, .cdb, .lmdb...)
    std::string resolved_file; // where it was read
    std::string problem;       // why it could not be read; "" when read
    int error_number = 0;      // errno of the stat when the file is not there
    struct stat status {};
    std::vector<TlsSniEntry> entries; // in the table's own order
};

class TlsFileCache {
public:
    using Resolver = std::function<std::string(const std::string&)>;
    // `resolve` maps a configured path to the one to open (identity unless --sysroot).
    explicit TlsFileCache(Resolver resolve = {});

    const TlsFile& get(const std::string& path);
    // Readable files of a directory (CApath), sorted, each read through the cache.
    std::vector<const TlsFile*> directory(const std::string& path);
    // The built file of an indexed table type (hash, btree, cdb, lmdb, dbm, sdbm), every
    // value base64-decoded as postmap -F encoded it.
    const TlsSniTable& table(const std::string& type, const std::string& name);

    // How many times a file or table was opened (each path at most once): for tests.
    std::size_t opens() const;

private:
    std::string resolve(const std::string& path) const;

    Resolver resolve_;
    mutable std::mutex mutex_;
    std::size_t opens_ = 0;
    std::map<std::string, std::unique_ptr<TlsFile>> files_;
    std::map<std::string, std::unique_ptr<TlsSniTable>> tables_;
};

// Gives `options` a fresh cache that resolves paths as `options` does (--sysroot). mfcc calls
// it once per run; without it, the checks and the snapshot each read the files on their own.
void share_tls_files(CheckOptions& options);

} // namespace mf::compiler
