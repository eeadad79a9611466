# The project's only entry point. Sources are discovered by folder, so adding a file to a
# component needs no edit here:
#   util/ grammar/ postmap/ compiler/ runtime/   one static library each (grammar is headers only);
#   a file named after a command (COMMANDS below) holds that command's main();
#   tests/unit/**/*.cpp + tests/main.cpp         the Catch2 executable build/bin/unit_tests;
#   tests/integration/*.sh                        integration scripts run by tests/run_tests.sh;
#   tests/fuzz/fuzz_*.cpp                         libFuzzer targets (make fuzz, clang only).
# Dependencies run one way: util <- grammar <- postmap <- compiler <- runtime.

CXX ?= g++
ifeq ($(origin CXX),default)
CXX := g++
endif
BUILD ?= build
PREFIX ?= /usr/local
FUZZ_SECONDS ?= 20
# run, check, asan and bench build in parallel on every core, as a newcomer's `make check` should.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

CXXFLAGS ?= -O2 -g
WARNINGS := -Wall -Wextra
CPPFLAGS_ALL := -I. -MMD -MP
# Each function in a section of its own, so that the linker can place mfcc's together (below).
CXXFLAGS_ALL := -std=c++20 $(WARNINGS) -ffunction-sections $(CXXFLAGS) $(EXTRA_CXXFLAGS)
LIBRARIES := -lssl -lcrypto -lcdb -ldb -llmdb -lpcre2-8 -licuuc
LDLIBS_ALL := $(LIBRARIES) -lpthread $(EXTRA_LDLIBS)

COMMANDS := compiler/mfcc postmap/mfmap runtime/mfd runtime/mfctl

# How commands link. A run of mfcc or mfmap is mostly process start-up, and most of that was the
# dynamic loader (mapping shared libraries, resolving their symbols, relocating their data), so
# with LINK=lean (the default) these two link libstdc++, libgcc and the libraries above from
# their static archives, and the linker takes only the objects a command uses. ICU's static
# archive needs its data archive named (libicudata; the shared libicuuc pulls it in by itself):
# 30 MB of read-only data, paged in only where case folding reads it.
# The other commands (the mfd server, mfctl) keep every library shared, so that a security
# update of OpenSSL reaches the server without a rebuild. LINK=shared links everything shared
# (make asan and make fuzz use it: the sanitizers must replace operator new and friends, which a
# static libstdc++ would hide from them). Flags, each for measured start-up time:
#   -static-libstdc++ -static-libgcc  no libstdc++.so/libgcc_s.so to map, relocate and bind;
#   -Wl,-O1                           optimised hash tables in the output;
#   -Wl,--as-needed                   no DT_NEEDED for a shared library nothing uses;
#   -Wl,-z,now                        bind libc's few symbols once at start, read-only after
#                                     (full RELRO), no lazy-binding trampolines;
#   -Wl,-z,pack-relative-relocs       the position-independent executable's relocations as a
#                                     compact RELR table (glibc 2.36+, binutils 2.38+) instead
#                                     of thousands of RELATIVE entries applied one by one.
# mfmap keeps libc shared and stays position-independent: run as root it reads table sources
# that other users own, and its runs are long enough not to notice.
# mfcc, where lld is there (make deps installs it), is linked by lld as a static executable at a
# fixed address, libc included, so that a run maps no shared library at all. On the bench's
# virtual machine every page fault costs tens of microseconds, and libc, libm and the loader
# were half of mfcc's faults. What that gives up is address randomisation of mfcc's code (the
# heap and the stack stay randomised): mfcc reads only the administrator's configuration and
# exits. A static glibc must never load a shared library, so mfcc asks OpenSSL to ignore
# openssl.cnf (which may name providers and engines to dlopen) and looks users and groups up
# through getent(1) rather than NSS modules (compiler/name_service.hpp). Its link also:
#   --symbol-ordering-file            places the functions a run uses together, in the order of
#                                     $(FUNCTION_ORDER) (made by `make function-order`, see
#                                     mk/mfcc-function-order.sh): spread over 7 MB of text they
#                                     cost a page fault per 64 KB window they touch;
#   -z max-page-size=0x200000         starts each segment on a 2 MB boundary of the file and of
#   -z separate-loadable-segments     memory, so that where the page cache holds the file in
#                                     2 MB folios (Linux 6.x on ext4 and xfs) one fault maps 2 MB
#                                     of text or read-only data instead of 64 KB;
#   --no-mmap-output-file             writes the output with write(2), which gives the freshly
#                                     built file such folios in the page cache;
#   -T mk/mfcc-layout.ld              keeps the ELF headers out of the data's first 2 MB and
#                                     ends the code segment on a 2 MB boundary too;
#   -e mfcc_entry                     (x86-64) starts at compiler/mfcc_entry.cpp, which marks the
#                                     segments for huge pages before anything touches them, so
#                                     that once the cache dropped the binary, the next run reads
#                                     it back into 2 MB folios rather than small ones.
# Without lld mfcc links as mfmap does, unordered, and not static: GNU ld warns of glibc's
# NSS functions in a static link, which the warning-free build does not allow.
LINK ?= lean
LEAN_COMMANDS := compiler/mfcc postmap/mfmap
STATIC_COMMANDS := compiler/mfcc
FUNCTION_ORDER := compiler/mfcc_function_order.txt
LAYOUT_SCRIPT := mk/mfcc-layout.ld
ENTRY_LDFLAGS := $(if $(filter x86_64,$(shell uname -m)),-e mfcc_entry)
LEAN_LDFLAGS := -static-libstdc++ -static-libgcc -Wl,-O1,--as-needed,-z,now
PIE_LDFLAGS := -Wl,-z,pack-relative-relocs
LEAN_LDLIBS := -Wl,-Bstatic $(LIBRARIES) -licudata -Wl,-Bdynamic -lm $(EXTRA_LDLIBS)
STATIC_LINK := -static -no-pie -fuse-ld=lld \
    -Wl,--symbol-ordering-file=$(FUNCTION_ORDER),--no-warn-symbol-ordering \
    -Wl,-O1,--as-needed,-z,max-page-size=0x200000,-z,separate-loadable-segments \
    -Wl,--no-mmap-output-file,-T,$(LAYOUT_SCRIPT) $(ENTRY_LDFLAGS) $(LIBRARIES) -licudata -lm $(EXTRA_LDLIBS)
HAVE_LLD := $(shell command -v ld.lld 2>/dev/null)
lean_link_of = $(if $(and $(HAVE_LLD),$(filter $(1),$(STATIC_COMMANDS))),$(STATIC_LINK),$(PIE_LDFLAGS) $(LEAN_LDFLAGS) $(LEAN_LDLIBS))
link_libs_of = $(if $(and $(filter lean,$(LINK)),$(filter $(1),$(LEAN_COMMANDS))),$(call lean_link_of,$(1)),$(LDLIBS_ALL))

sources_in = $(shell find $(1) -name '*.cpp' 2>/dev/null | sort)
command_sources := $(addsuffix .cpp,$(COMMANDS))
library_sources = $(filter-out $(command_sources),$(call sources_in,$(1)))

UTIL_SRC := $(call library_sources,util)
MAPS_SRC := $(call library_sources,postmap)
COMPILER_SRC := $(call library_sources,compiler)
RUNTIME_SRC := $(call library_sources,runtime)
UNIT_SRC := tests/main.cpp $(call sources_in,tests/unit)
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.cpp)

object_of = $(patsubst %.cpp,$(BUILD)/obj/%.o,$(1))

LIBUTIL := $(BUILD)/lib/libutil.a
LIBMAPS := $(BUILD)/lib/libmaps.a
LIBCOMPILER := $(BUILD)/lib/libcompiler.a
LIBRUNTIME := $(BUILD)/lib/libruntime.a
# Link order: dependents before their dependencies.
ALL_LIBS := $(LIBRUNTIME) $(LIBCOMPILER) $(LIBMAPS) $(LIBUTIL)

present_commands := $(foreach c,$(COMMANDS),$(if $(wildcard $(c).cpp),$(c)))
BINARIES := $(addprefix $(BUILD)/bin/,$(notdir $(present_commands)))
UNIT_TESTS := $(BUILD)/bin/unit_tests

.PHONY: all deps run check test asan fuzz bench function-order man install clean
.DEFAULT_GOAL := all

# mfalias is mfmap under another name (it behaves as postalias when invoked so).
ALIAS_LINKS := $(if $(filter postmap/mfmap,$(present_commands)),$(BUILD)/bin/mfalias)

all: $(BINARIES) $(ALIAS_LINKS) $(UNIT_TESTS)

$(BUILD)/bin/mfalias: $(BUILD)/bin/mfmap
	ln -sf mfmap $@

define make_library
$(1): $(call object_of,$(2))
	@mkdir -p $$(dir $$@)
	@rm -f $$@
	$$(if $$^,ar rcs $$@ $$^,ar rcs $$@)
endef
$(eval $(call make_library,$(LIBUTIL),$(UTIL_SRC)))
$(eval $(call make_library,$(LIBMAPS),$(MAPS_SRC)))
$(eval $(call make_library,$(LIBCOMPILER),$(COMPILER_SRC)))
$(eval $(call make_library,$(LIBRUNTIME),$(RUNTIME_SRC)))

$(BUILD)/obj/%.o: %.cpp
	@mkdir -p $(dir $@)
	$(CXX) $(CPPFLAGS_ALL) $(CXXFLAGS_ALL) -c $< -o $@

define make_command
$(BUILD)/bin/$(notdir $(1)): $(call object_of,$(1).cpp) $(ALL_LIBS) Makefile $(if $(filter $(1),$(STATIC_COMMANDS)),$(FUNCTION_ORDER) $(LAYOUT_SCRIPT))
	@mkdir -p $$(dir $$@)
	$$(CXX) $$(CXXFLAGS_ALL) -o $$@ $$< $(ALL_LIBS) $(call link_libs_of,$(1)) $$(EXTRA_LDFLAGS)
endef
$(foreach c,$(present_commands),$(eval $(call make_command,$(c))))

$(UNIT_TESTS): $(call object_of,$(UNIT_SRC)) $(ALL_LIBS)
	@mkdir -p $(dir $@)
	$(CXX) $(CXXFLAGS_ALL) -o $@ $(call object_of,$(UNIT_SRC)) $(ALL_LIBS) $(LDLIBS_ALL) $(EXTRA_LDFLAGS)

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

deps:
	@sh mk/deps-debian.sh

# The main job on the built-in example.
run: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh examples/run.sh $(BUILD)/bin

check: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh tests/run_tests.sh $(BUILD)

test: check

# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer, in its own tree.
# Every program runs several times slower there (test 44 alone takes 8 minutes with the cores
# shared), so each script gets 30 minutes before it counts as hung instead of 10.
asan: deps
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=build/asan LINK=shared \
	    CXXFLAGS="-O1 -g -fno-omit-frame-pointer" \
	    EXTRA_CXXFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
	    EXTRA_LDFLAGS="-fsanitize=address,undefined" all
	@ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	    MF_TEST_TIMEOUT=$${MF_TEST_TIMEOUT:-1800} sh tests/run_tests.sh build/asan

# Each libFuzzer target runs for FUZZ_SECONDS; libraries are rebuilt with clang and coverage.
FUZZ_BUILD := build/fuzz
FUZZ_FLAGS := -fsanitize=fuzzer-no-link,address,undefined
FUZZ_LIBS := $(subst $(BUILD)/,$(FUZZ_BUILD)/,$(ALL_LIBS))
fuzz: deps
	@$(MAKE) --no-print-directory -j$(JOBS) BUILD=$(FUZZ_BUILD) LINK=shared CXX=clang++ CXXFLAGS="-O1 -g" \
	    EXTRA_CXXFLAGS="$(FUZZ_FLAGS)" $(FUZZ_LIBS)
	@mkdir -p $(FUZZ_BUILD)/bin
	@set -e; for target in $(FUZZ_SRC); do \
	    name=$$(basename $$target .cpp); \
	    clang++ -std=c++20 -I. -O1 -g -fsanitize=fuzzer,address,undefined $$target \
	        $(FUZZ_LIBS) $(LDLIBS_ALL) -o $(FUZZ_BUILD)/bin/$$name; \
	done
	@sh tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD)/bin $(FUZZ_SECONDS)

bench: deps
	@$(MAKE) --no-print-directory -j$(JOBS) all
	@sh bench/run.sh $(BUILD)/bin

# The functions mfcc runs, for its link (needs valgrind); mfcc is linked again after it.
function-order: $(BUILD)/bin/mfcc
	@sh mk/mfcc-function-order.sh $(BUILD)/bin/mfcc $(FUNCTION_ORDER)

MAN_PAGES := $(wildcard man/*.[1-8])
man:
	@status=0; for page in $(MAN_PAGES); do \
	    mandoc -Tlint -W warning $$page || status=1; done; \
	    [ $$status -eq 0 ] && echo "man: $(words $(MAN_PAGES)) pages lint-clean"; exit $$status

# install(1) leaves its copy of mfcc in the page cache's small folios, which the kernel keeps
# until memory runs short; dropped from the cache (dd's nocache, once the copy is on disk), it is
# read back into 2 MB folios by its first run instead (compiler/mfcc_entry.cpp).
install: all
	install -d $(DESTDIR)$(PREFIX)/bin
	@set -e; for binary in $(BINARIES); do \
	    echo "install $$binary"; install -m 755 $$binary $(DESTDIR)$(PREFIX)/bin; done
	@if [ -f $(BUILD)/bin/mfcc ]; then sync $(DESTDIR)$(PREFIX)/bin/mfcc && \
	    dd if=$(DESTDIR)$(PREFIX)/bin/mfcc iflag=nocache count=0 status=none; fi
	@set -e; for page in $(MAN_PAGES); do \
	    section=$${page##*.}; install -d $(DESTDIR)$(PREFIX)/share/man/man$$section; \
	    install -m 644 $$page $(DESTDIR)$(PREFIX)/share/man/man$$section; done
	@if [ -f $(BUILD)/bin/mfmap ]; then ln -sf mfmap $(DESTDIR)$(PREFIX)/bin/mfalias; fi

clean:
	rm -rf build
