// Catch2 (v2) entry point for build/bin/unit_tests. A listener prints the test-case totals in the
// shape tests/run_tests.sh adds up: "unit tests: N passed, N failed".
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <cstdio>

namespace {

struct CountingListener : Catch::TestEventListenerBase {
    using TestEventListenerBase::TestEventListenerBase;

    void testRunEnded(const Catch::TestRunStats& stats) override
    {
        std::printf("unit tests: %llu passed, %llu failed\n",
                    static_cast<unsigned long long>(stats.totals.testCases.passed),
                    static_cast<unsigned long long>(stats.totals.testCases.failed));
        std::fflush(stdout);
    }
};

} // namespace

CATCH_REGISTER_LISTENER(CountingListener)

int main(int argc, char** argv) { return Catch::Session().run(argc, argv); }
