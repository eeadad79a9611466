// A private configuration directory for compiler tests: writes main.cf (and master.cf) into a
// fresh mkdtemp folder, loads it, and removes the folder at the end of the test.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/checks.hpp"
#include "compiler/configuration.hpp"

namespace mf::compiler::testing {

class ConfigFixture {
public:
    explicit ConfigFixture(const std::string& main_cf, const std::string* master_cf = nullptr)
    {
        char pattern[] = "/tmp/mfcc-unit.XXXXXX";
        directory_ = mkdtemp(pattern);
        write("main.cf", main_cf);
        if (master_cf)
            write("master.cf", *master_cf);
        auto loaded = load_configuration({directory_, std::nullopt, std::nullopt}, sink);
        if (loaded)
            config.emplace(std::move(*loaded));
    }
    ~ConfigFixture() { std::filesystem::remove_all(directory_); }

    void write(const std::string& name, const std::string& text)
    {
        std::ofstream(directory_ + "/" + name, std::ios::binary) << text;
    }
    const std::string& directory() const { return directory_; }

    DiagnosticSink check()
    {
        DiagnosticSink out;
        run_checks(*config, out, CheckOptions{});
        return out;
    }

    DiagnosticSink sink;
    std::optional<Configuration> config;

private:
    std::string directory_;
};

inline bool has_code(const DiagnosticSink& sink, const std::string& code, std::size_t line = 0)
{
    for (const Diagnostic& d : sink.all())
        if (d.code == code && (line == 0 || d.location.line == line))
            return true;
    return false;
}

} // namespace mf::compiler::testing
