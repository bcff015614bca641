# biblint - a bibliography linter and daemon-free git hook.
#
#   make              build libbiblint.a and the biblint binary
#   make check        unit tests, golden CLI cases, git scenarios
#   make check SAN=1  the same under AddressSanitizer + UBSan (build-san/)
#   make check-valgrind  unit tests and golden cases under valgrind memcheck
#   make bench        the benchmark (figures are ratios to baselines)
#   make install      PREFIX=/usr/local DESTDIR=
#   make deps         install missing Debian build dependencies (apt-get)
#   make golden-update  rewrite the expected output of the golden cases

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/biblint
MANDIR  ?= $(PREFIX)/share/man/man1
CC      ?= cc
PKG_CONFIG ?= pkg-config

LIB_PKGS  := yaml-0.1 icu-uc icu-i18n libgit2
TEST_PKGS := cmocka
DEB_PKGS  := pkg-config libyaml-dev libicu-dev libgit2-dev libcmocka-dev python3-jsonschema
# the SARIF test validates output against the schema with python3-jsonschema
HAVE_JSONSCHEMA = /usr/bin/python3 -c 'import jsonschema' 2>/dev/null

# Sanitizer builds (and the fuzzing build) define BL_EXACT_AUDIT: the text
# of an EXACT value, which is otherwise the source's own bytes and not
# NUL-terminated, is then a heap copy of exactly its bytes, so that
# AddressSanitizer reports any read of it past its length (src/model.c).
ifeq ($(SAN),1)
BUILD    ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-DBL_EXACT_AUDIT
OPT      ?= -O1 -g
else
BUILD    ?= build
SANFLAGS :=
OPT      ?= -O2 -g
endif

# Ask pkg-config lazily so that `make deps` works before the libraries exist.
PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(LIB_PKGS) 2>/dev/null)
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(LIB_PKGS) 2>/dev/null)
# The biblint binary links libgit2, ICU and libyaml statically when their
# archives are installed (Debian's -dev packages ship them): a pre-commit
# hook starts in about 2 ms instead of 5 ms, most of which went to mapping
# libgit2's and ICU's shared libraries and their dependencies (with the C++
# runtime ICU needs linked in too, the dynamic linker's relocations fall
# from 2.1 M to 0.5 M instructions). LINK=dynamic
# links the shared libraries (as a distribution package would); sanitizer
# builds and the test programs always do. Linked statically, libyaml's
# yaml_malloc/yaml_free are redirected to a per-thread cache of its scratch
# strings (src/yamlalloc.c), and libgit2's TLS and SSH set-up is skipped
# (src/link/nocerts.c), which also leaves its SSH transport, libssh2 and
# OpenSSL out of the binary.
STATIC_PKGS := libgit2 libssh2 yaml-0.1 icu-i18n icu-uc
ifeq ($(SAN),1)
LINK ?= dynamic
endif
# evaluated once, when first used (after `make deps` may have run)
STATIC_L = $(eval STATIC_L := $$(filter-out -lpthread -lm -lrt -ldl,$$(shell \
	$$(PKG_CONFIG) --static --libs-only-l $$(STATIC_PKGS) 2>/dev/null)))$(STATIC_L)
STATIC_MISSING = $(eval STATIC_MISSING := $$(if $$(STATIC_L),$$(strip $$(foreach l,$$(STATIC_L),\
	$$(if $$(filter /%,$$(shell $$(CC) -print-file-name=lib$$(l:-l%=%).a)),,$$(l)))),none))$(STATIC_MISSING)
LINK ?= $(if $(STATIC_MISSING),dynamic,static)
STATIC_LIBS = -Wl,--wrap=mbedtls_x509_crt_parse_file -Wl,--wrap=git_mbedtls_stream_global_init \
	-Wl,--wrap=git_transport_ssh_global_init -Wl,--wrap=git_smart_subtransport_ssh \
	-Wl,--wrap=yaml_malloc -Wl,--wrap=yaml_free \
	-Wl,-Bstatic $(STATIC_L) \
	$(STATIC_CXX) -lpthread -lrt
comma := ,
STATIC_CXX = $(if $(filter /%,$(shell $(CC) -print-file-name=libstdc++.a)),\
	-lstdc++ -Wl$(comma)-Bdynamic -static-libgcc,-Wl$(comma)-Bdynamic -lstdc++)
BIN_LINK = $(if $(filter static,$(LINK)),\
	$(STATIC_PIE) $(BUILD)/src/link/nocerts-static.o $(BUILD)/src/link/nogss.o $(LIB) $(STATIC_LIBS),\
	$(LINK_OBJ) $(LIB) $(PKG_LIBS))
# The statically linked binary is a fixed-address executable (as Go's are):
# ICU's and libgit2's tables hold some 30,000 pointers, which a position-
# independent binary relocates before main on every start: about 290 page
# faults, 13% of a pre-commit hook's time on a 10,000-file repository. The
# heap, the stack and libc stay randomised.
# PIE=1 links a position-independent binary instead.
STATIC_PIE = $(if $(filter 1,$(PIE)),,-no-pie)
TEST_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(TEST_PKGS) 2>/dev/null)
TEST_LIBS   = $(shell $(PKG_CONFIG) --libs $(TEST_PKGS) 2>/dev/null)

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wno-unused-parameter
CFLAGS  ?= $(OPT)
ALL_CFLAGS = -std=c11 -pthread -D_GNU_SOURCE -DBL_DATADIR='"$(DATADIR)"' $(WARN) $(CFLAGS) $(SANFLAGS) $(PKG_CFLAGS) -MMD -MP
ALL_LDFLAGS = $(LDFLAGS) $(SANFLAGS) -pthread

LIB_SRC  := $(sort $(wildcard src/*.c src/*/*.c))
LIB_SRC  := $(filter-out src/main.c src/cli.c src/link/%,$(LIB_SRC))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
BIN_OBJ  := $(BUILD)/src/main.o $(BUILD)/src/cli.o
# linked beside libbiblint.a into every program (see src/link/)
LINK_OBJ := $(BUILD)/src/link/nocerts.o
LIB      := $(BUILD)/libbiblint.a
BIN      := $(BUILD)/biblint

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all check unit cases git-tests bench install uninstall clean deps \
	need-deps need-test-deps golden-update example docs docs-check fuzz check-valgrind \
	fuzz-build fuzz-replay fuzz-deps

# ./biblint names the default build's binary (not a sanitizer or private one)
all: need-deps $(BIN)
	@if [ "$(BUILD)" = build ]; then ln -sf $(BIN) biblint; fi

# ---- dependencies -----------------------------------------------------

need-deps:
	@$(PKG_CONFIG) --exists $(LIB_PKGS) 2>/dev/null || $(MAKE) --no-print-directory deps

need-test-deps: need-deps
	@($(PKG_CONFIG) --exists $(TEST_PKGS) 2>/dev/null && $(HAVE_JSONSCHEMA)) || \
		$(MAKE) --no-print-directory deps

deps:
	@if $(PKG_CONFIG) --exists $(LIB_PKGS) $(TEST_PKGS) 2>/dev/null && $(HAVE_JSONSCHEMA); then \
		echo "biblint: build dependencies are installed"; exit 0; fi; \
	if ! command -v apt-get >/dev/null 2>&1; then \
		echo "biblint: missing build dependencies and no apt-get here;" \
		     "install libyaml, ICU, libgit2 and cmocka development files" \
		     "and python3-jsonschema" \
		     "(Debian: $(DEB_PKGS))" >&2; exit 1; fi; \
	if [ "$$(id -u)" != 0 ]; then \
		echo "biblint: missing build dependencies; run as root, or:" \
		     "sudo apt-get install -y $(DEB_PKGS)" >&2; exit 1; fi; \
	echo "biblint: installing build dependencies: $(DEB_PKGS)"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEB_PKGS) >/dev/null

# ---- build ------------------------------------------------------------

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MT $@ -MF $(@:.o=.d) -c -o $@.$$$$.tmp $< && mv -f $@.$$$$.tmp $@

# Built aside and renamed, so that a link running at the same time never
# reads a half-written archive.
$(LIB): $(LIB_OBJ)
	@rm -f $@.$$$$.tmp
	$(AR) rcs $@.$$$$.tmp $^ && mv -f $@.$$$$.tmp $@

$(BUILD)/src/link/nocerts-static.o: src/link/nocerts.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -DBL_LINK_STATIC -MT $@ -MF $(@:.o=.d) -c -o $@ $<

$(BIN): $(BIN_OBJ) $(LIB) $(filter %.o,$(BIN_LINK))
	$(CC) $(ALL_LDFLAGS) -o $@ $(BIN_OBJ) $(BIN_LINK) -lm

$(BUILD)/tests/%: tests/unit/%.c $(LIB) $(LINK_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(TEST_CFLAGS) -Isrc -o $@ $< $(LINK_OBJ) $(LIB) $(PKG_LIBS) $(TEST_LIBS) -lm

-include $(LIB_OBJ:.o=.d) $(BIN_OBJ:.o=.d)

# ---- tests ------------------------------------------------------------

check: need-test-deps unit cases git-tests fuzz-replay docs-check
	@echo "biblint: all tests passed ($(BUILD))"

unit: $(UNIT_BIN)
	@fail=0; for t in $(UNIT_BIN); do \
		BIBLINT_DATADIR=$(CURDIR)/rules $$t || fail=1; done; exit $$fail

cases: $(BIN)
	@BIBLINT=$(CURDIR)/$(BIN) sh tests/run-cases.sh

golden-update: $(BIN)
	@BIBLINT=$(CURDIR)/$(BIN) sh tests/run-cases.sh --update

git-tests: $(BIN)
	@BIBLINT=$(CURDIR)/$(BIN) sh tests/git/run.sh

# valgrind memcheck over the unit tests and the golden cases: any error or
# leak (definite or possible) fails the run. The cases use run-cases.sh's
# own valgrind command (BIBLINT_VALGRIND); both read the suppressions in
# tests/valgrind.supp through VALGRIND_OPTS. Build without SAN=1.
VALGRIND ?= valgrind -q --error-exitcode=99 --leak-check=full \
	--errors-for-leak-kinds=definite,possible
check-valgrind: export VALGRIND_OPTS = --suppressions=$(CURDIR)/tests/valgrind.supp
check-valgrind: need-test-deps $(BIN) $(UNIT_BIN)
	@command -v valgrind > /dev/null || { echo "biblint: check-valgrind needs" \
		"valgrind: apt-get install -y valgrind" >&2; exit 1; }
	@fail=0; for t in $(UNIT_BIN); do \
		BIBLINT_DATADIR=$(CURDIR)/rules $(VALGRIND) $$t > $$t.valgrind 2>&1 || \
			{ cat $$t.valgrind; echo "check-valgrind: $$t failed"; fail=1; }; \
	done; [ $$fail = 0 ] && echo "check-valgrind: unit tests clean"; \
	BIBLINT_VALGRIND=1 BIBLINT=$(CURDIR)/$(BIN) sh tests/run-cases.sh || fail=1; \
	exit $$fail

bench: all
	@sh tests/bench/run.sh $(CURDIR)/$(BIN)

docs: all
	sh doc/gen-rules.sh $(BIN) > doc/rules.md

# the rule documentation is generated from the rule table and must match it
docs-check: $(BIN)
	@sh doc/gen-rules.sh $(BIN) | cmp -s - doc/rules.md || \
		{ echo "doc/rules.md does not match the rule table: run make docs" >&2; exit 1; }
	@echo "docs: doc/rules.md matches the rule table"

example: all
	./$(BIN) examples/quaestio-rossica.yml; true

# ---- fuzzing ----------------------------------------------------------
# make fuzz FUZZ_TIME=60 builds the libFuzzer harnesses tests/fuzz/fuzz_*.c
# with clang into build-fuzz/ and runs each for FUZZ_TIME seconds (see
# tests/fuzz/README.md). check replays tests/fuzz/regressions/ through every
# harness linked with tests/fuzz/replay.c instead of libFuzzer.

FUZZ_TIME  ?= 30
FUZZ_CC    ?= clang
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_SAN   := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all \
	-DBL_EXACT_AUDIT
REPLAY_BIN := $(FUZZ_NAMES:%=$(BUILD)/tests/replay-%)
FUZZ_CFLAGS = $(filter-out -MMD -MP,$(ALL_CFLAGS))
# The harnesses read YAML as the biblint binary does: libyaml linked
# statically, its scratch strings served by src/yamlalloc.c (when the
# archive is installed), so that the sanitizers see that path too.
FUZZ_YAML_A = $(shell $(CC) -print-file-name=libyaml.a)
FUZZ_YAML = $(if $(filter /%,$(FUZZ_YAML_A)),-Wl$(comma)--wrap=yaml_malloc \
	-Wl$(comma)--wrap=yaml_free $(FUZZ_YAML_A))

fuzz: fuzz-deps
	@$(MAKE) --no-print-directory fuzz-build BUILD=build-fuzz CC=$(FUZZ_CC) OPT="-O1 -g" \
		SANFLAGS="-fsanitize=fuzzer-no-link $(FUZZ_SAN)"
	@rm -rf build-fuzz/fuzz-seeds && sh tests/fuzz/seeds.sh build-fuzz/fuzz-seeds
	@build-fuzz/tests/fuzz-examples build-fuzz/fuzz-seeds
	@sh tests/fuzz/run.sh build-fuzz $(FUZZ_TIME)

fuzz-build: need-deps $(FUZZ_NAMES:%=$(BUILD)/fuzz/%) $(BUILD)/tests/fuzz-examples

# clang with its libFuzzer runtime, installed like the other dependencies
FUZZ_DEB := clang libclang-rt-14-dev
fuzz-deps:
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ return 0; }\n' \
		> /tmp/biblint-fuzz-probe.$$$$.c; \
	if $(FUZZ_CC) -fsanitize=fuzzer -o /tmp/biblint-fuzz-probe.$$$$ \
		/tmp/biblint-fuzz-probe.$$$$.c >/dev/null 2>&1; then ok=1; else ok=0; fi; \
	rm -f /tmp/biblint-fuzz-probe.$$$$ /tmp/biblint-fuzz-probe.$$$$.c; \
	[ $$ok = 1 ] && exit 0; \
	if ! command -v apt-get >/dev/null 2>&1 || [ "$$(id -u)" != 0 ]; then \
		echo "biblint: fuzzing needs clang and libFuzzer; install them as root:" \
		     "apt-get install -y $(FUZZ_DEB)" >&2; exit 1; fi; \
	echo "biblint: installing the fuzzing tools: $(FUZZ_DEB)"; \
	DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_DEB) >/dev/null

$(BUILD)/fuzz/%: tests/fuzz/fuzz_%.c tests/fuzz/harness.c tests/fuzz/harness.h $(LIB) $(LINK_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -Isrc -o $@ $< tests/fuzz/harness.c $(LINK_OBJ) $(LIB) \
		$(FUZZ_YAML) $(PKG_LIBS) -lm

# writes the rules' bad and good examples as seeds
$(BUILD)/tests/fuzz-examples: tests/fuzz/examples.c $(LIB) $(LINK_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -Isrc -o $@ $< $(LINK_OBJ) $(LIB) $(PKG_LIBS) -lm

$(BUILD)/tests/replay-%: tests/fuzz/fuzz_%.c tests/fuzz/harness.c tests/fuzz/replay.c \
		tests/fuzz/harness.h $(LIB) $(LINK_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(FUZZ_CFLAGS) -Isrc -o $@ $< tests/fuzz/harness.c tests/fuzz/replay.c $(LINK_OBJ) $(LIB) \
		$(FUZZ_YAML) $(PKG_LIBS) -lm

fuzz-replay: $(REPLAY_BIN)
	@fail=0; for t in $(REPLAY_BIN); do \
		$$t tests/fuzz/regressions > /dev/null || { echo "fuzz-replay: $$t failed"; fail=1; }; \
	done; exit $$fail

# ---- install ----------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/biblint
	cp -R rules/. $(DESTDIR)$(DATADIR)/
	if [ -f doc/biblint.1 ]; then install -m 644 doc/biblint.1 $(DESTDIR)$(MANDIR)/; fi

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/biblint $(DESTDIR)$(MANDIR)/biblint.1
	rm -rf $(DESTDIR)$(DATADIR)

clean:
	rm -rf build build-san build-fuzz biblint
