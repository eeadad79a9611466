// A private directory for one test, removed with everything in it when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace mf::testing {

struct TemporaryDirectory {
    std::filesystem::path path;
    TemporaryDirectory()
    {
        char pattern[] = "/tmp/mf-unit.XXXXXX";
        path = ::mkdtemp(pattern);
    }
    ~TemporaryDirectory() { std::filesystem::remove_all(path); }
    std::string file(const std::string& name) const { return (path / name).string(); }
};

inline void write_file(const std::string& path, const std::string& text)
{
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

} // namespace mf::testing
