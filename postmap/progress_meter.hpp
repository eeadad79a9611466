// A progress bar for long builds: drawn on stderr only when stderr is a terminal and the work
// has taken more than a second, so scripts and short builds stay quiet. Erased when done.
#pragma once

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>

namespace mf::maps {

class ProgressMeter {
public:
    explicit ProgressMeter(std::string label)
        : label_(std::move(label)), enabled_(::isatty(STDERR_FILENO) == 1),
          started_(std::chrono::steady_clock::now())
    {
    }
    ProgressMeter(const ProgressMeter&) = delete;
    ProgressMeter& operator=(const ProgressMeter&) = delete;
    ~ProgressMeter() { finish(); }

    void update(double done)
    {
        if (!enabled_ || std::chrono::steady_clock::now() - started_ < std::chrono::seconds(1))
            return;
        int percent = static_cast<int>(done * 100);
        if (percent == last_percent_)
            return;
        last_percent_ = percent;
        int filled = percent * 30 / 100;
        std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
                     "==============================", 30 - filled, "", percent);
        std::fflush(stderr);
        drawn_ = true;
    }

    void finish()
    {
        if (drawn_)
            std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 40, "");
        drawn_ = false;
    }

private:
    std::string label_;
    bool enabled_;
    std::chrono::steady_clock::time_point started_;
    int last_percent_ = -1;
    bool drawn_ = false;
};

} // namespace mf::maps
