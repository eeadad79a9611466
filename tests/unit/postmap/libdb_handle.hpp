// libdb handles for the tests that compare our Berkeley DB pages with libdb's own
// (db_btree_writer_test, db_hash_writer_test, db_reader_test): an owning handle, a DBT over a
// string's bytes, a handle on a file, libdb's messages silenced, the pairs libdb's cursor
// reads, and libdb's verifier.
#pragma once

#include <db.h>

#include <catch2/catch.hpp>

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mf::testing {

struct DbCloser {
    void operator()(DB* db) const { db->close(db, 0); }
};
using DbHandle = std::unique_ptr<DB, DbCloser>;

inline DBT bytes_dbt(const std::string& bytes)
{
    DBT dbt;
    std::memset(&dbt, 0, sizeof dbt);
    dbt.data = const_cast<char*>(bytes.data());
    dbt.size = static_cast<u_int32_t>(bytes.size());
    return dbt;
}

inline void silent_libdb(const DB_ENV*, const char*, const char*) {}

// A handle without an open file yet, libdb's messages silenced.
inline DbHandle new_libdb_handle()
{
    DB* raw = nullptr;
    REQUIRE(db_create(&raw, nullptr, 0) == 0);
    DbHandle db(raw);
    db->set_errcall(db.get(), silent_libdb);
    return db;
}

// A libdb handle on `path` of `type` (created with `page_size` unless 0 when `create`).
inline DbHandle open_libdb(const std::string& path, DBTYPE type, bool create = false,
                           std::uint32_t page_size = 0)
{
    DbHandle db = new_libdb_handle();
    if (page_size != 0)
        db->set_pagesize(db.get(), page_size);
    REQUIRE(db->open(db.get(), nullptr, path.c_str(), nullptr, type, create ? DB_CREATE : 0,
                     0644) == 0);
    return db;
}

// Every stored pair of the file at `path`, in libdb's cursor order.
inline std::vector<std::pair<std::string, std::string>> libdb_pairs(const std::string& path,
                                                                     DBTYPE type)
{
    DbHandle db = open_libdb(path, type);
    DBC* cursor = nullptr;
    REQUIRE(db->cursor(db.get(), nullptr, &cursor, 0) == 0);
    std::vector<std::pair<std::string, std::string>> out;
    DBT k, v;
    std::memset(&k, 0, sizeof k);
    std::memset(&v, 0, sizeof v);
    while (cursor->get(cursor, &k, &v, DB_NEXT) == 0)
        out.emplace_back(std::string(static_cast<char*>(k.data), k.size),
                         std::string(static_cast<char*>(v.data), v.size));
    cursor->close(cursor);
    return out;
}

// Whether libdb's own verifier accepts the file at `path`.
inline bool libdb_verifies(const std::string& path)
{
    DB* raw = nullptr;
    REQUIRE(db_create(&raw, nullptr, 0) == 0);
    raw->set_errcall(raw, silent_libdb);
    return raw->verify(raw, path.c_str(), nullptr, nullptr, 0) == 0; // closes the handle
}

} // namespace mf::testing
