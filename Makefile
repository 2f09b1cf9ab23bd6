# Ura — build, run and test. `make run` and `make test` are the two commands a newcomer needs.

PKGS     := libmicrohttpd jansson sqlite3 libsodium inih libpq libical xlsxwriter liboath libqrencode \
            libcurl
CC       ?= cc
CSTD     := -std=c17 -D_GNU_SOURCE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
            -Wpointer-arith -Wcast-qual -Wformat=2 -Wvla -Wno-unused-parameter
HARDEN   := -fstack-protector-strong -D_FORTIFY_SOURCE=2 -fPIE
OPT      ?= -O2 -g
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CFLAGS_ALL = $(CSTD) $(WARN) $(OPT) $(HARDEN) $(EXTRA_CFLAGS) -Isrc -I$(BUILD)/gen $(PKG_CFLAGS)
LDFLAGS_ALL = -pie -Wl,-z,relro,-z,now $(EXTRA_LDFLAGS)
LIBS     = $(PKG_LIBS) -lpthread -lm

BUILD    ?= build
SRC      := $(shell find src -name '*.c' | sort)
OBJ      := $(SRC:%.c=$(BUILD)/%.o)
LIB_OBJ  := $(filter-out $(BUILD)/src/main.o,$(OBJ))
GEN_SRC  := $(BUILD)/gen/migrations_sqlite.c $(BUILD)/gen/migrations_postgres.c \
            $(BUILD)/gen/openapi.c $(BUILD)/gen/web_assets.c $(BUILD)/gen/instruments.c \
            $(BUILD)/gen/labels.c $(BUILD)/gen/public_files.c $(BUILD)/gen/reintegration.c
GEN_OBJ  := $(GEN_SRC:.c=.o)
MIGR_SQLITE := $(sort $(wildcard src/store/migrations/sqlite/*.sql))
MIGR_POSTGRES := $(sort $(wildcard src/store/migrations/postgres/*.sql))
INSTRUMENTS := $(sort $(wildcard data/instruments/*.json))
WEB_SRC  := $(shell find web/src web/static -type f 2>/dev/null) web/index.html web/build.mjs \
            $(wildcard data/labels.json)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all deps test-deps run test unit asan valgrind bench clean
all: $(BUILD)/ura

deps:
	@scripts/install-deps.sh build
test-deps:
	@scripts/install-deps.sh test

$(BUILD)/ura: $(OBJ) $(GEN_OBJ)
	@echo "  LD    $@"
	@$(CC) $(LDFLAGS_ALL) -o $@ $^ $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	@$(CC) $(CFLAGS_ALL) -MMD -MP -c -o $@ $<

$(BUILD)/gen/migrations_sqlite.c: scripts/embed.sh $(MIGR_SQLITE)
	@mkdir -p $(dir $@)
	@scripts/embed.sh migrations migrations_sqlite $(MIGR_SQLITE) > $@
$(BUILD)/gen/migrations_postgres.c: scripts/embed.sh $(MIGR_POSTGRES)
	@mkdir -p $(dir $@)
	@scripts/embed.sh migrations migrations_postgres $(MIGR_POSTGRES) > $@
$(BUILD)/gen/openapi.c: scripts/embed.sh src/api/openapi.json
	@mkdir -p $(dir $@)
	@scripts/embed.sh text openapi_json src/api/openapi.json > $@
# The browser UI: npm ci when web/node_modules is missing or the lock file changed, then
# esbuild bundles web/src into $(BUILD)/web, which is embedded in the binary.
web/node_modules/.package-lock.json: web/package-lock.json
	@echo "  NPM   ci (web)"
	@cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
$(BUILD)/web/index.html: $(WEB_SRC) web/node_modules/.package-lock.json
	@echo "  WEB   $(BUILD)/web"
	@node web/build.mjs $(BUILD)/web
$(BUILD)/gen/web_assets.c: scripts/embed-web.sh $(BUILD)/web/index.html
	@mkdir -p $(dir $@)
	@scripts/embed-web.sh $(BUILD)/web > $@
$(BUILD)/gen/instruments.c: scripts/embed.sh $(INSTRUMENTS)
	@mkdir -p $(dir $@)
	@scripts/embed.sh files instrument_files $(INSTRUMENTS) > $@
$(BUILD)/gen/labels.c: scripts/embed.sh data/labels.json
	@mkdir -p $(dir $@)
	@scripts/embed.sh text labels_json data/labels.json > $@
# The reintegration plan: the timeline's template and the violent-extremism checklist.
$(BUILD)/gen/reintegration.c: scripts/embed.sh data/reintegration.json
	@mkdir -p $(dir $@)
	@scripts/embed.sh text reintegration_json data/reintegration.json > $@
# The public report pages' script and style (api/report_page.c serves them).
$(BUILD)/gen/public_files.c: scripts/embed.sh $(sort $(wildcard data/public/*))
	@mkdir -p $(dir $@)
	@scripts/embed.sh files public_files $(sort $(wildcard data/public/*)) > $@
$(BUILD)/gen/%.o: $(BUILD)/gen/%.c
	@$(CC) $(CFLAGS_ALL) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) $(GEN_OBJ)
	@mkdir -p $(dir $@)
	@echo "  TEST  $@"
	@$(CC) $(CFLAGS_ALL) $(LDFLAGS_ALL) -o $@ $^ $(LIBS) $(shell pkg-config --libs cmocka)

unit: $(UNIT_BIN)

# The demo: a Korçë mechanism with one user of every role, created once, then served.
run: deps
	@$(MAKE) --no-print-directory all
	@[ -f ura-demo.db ] || $(BUILD)/ura demo --db ura-demo.db
	$(BUILD)/ura serve --db ura-demo.db --listen 127.0.0.1:8080

# Every suite: unit tests, then the black-box API tests; ends with "N passed, N failed".
test: test-deps
	@$(MAKE) --no-print-directory all unit
	@tests/run.sh $(BUILD)

# The same binary and unit tests under AddressSanitizer and UndefinedBehaviorSanitizer.
# Memcheck over the unit tests and served sessions (scripts/valgrind.sh).
valgrind: test-deps
	@$(MAKE) --no-print-directory all unit
	@scripts/valgrind.sh build

asan:
	@$(MAKE) --no-print-directory BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all" \
	  EXTRA_LDFLAGS="-fsanitize=address,undefined" all unit

clean:
	rm -rf build build-asan build-fuzz

# ---- Installing it as a system service (docs/OPERATIONS.md) ----
# make install [PREFIX=/usr/local] [DESTDIR=…]: the binary, the systemd unit (written with
# the paths installed to), the manual page ura(8), an example settings file and the
# operations guide. It creates no user and starts nothing: docs/OPERATIONS.md does that.
PREFIX     ?= /usr/local
BINDIR     ?= $(PREFIX)/bin
MANDIR     ?= $(PREFIX)/share/man
DOCDIR     ?= $(PREFIX)/share/doc/ura
UNITDIR    ?= $(PREFIX)/lib/systemd/system
SYSCONFDIR ?= $(if $(filter /usr,$(PREFIX)),/etc,$(PREFIX)/etc)

.PHONY: install
install: $(BUILD)/ura
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man8 $(DESTDIR)$(DOCDIR) \
	  $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSCONFDIR)/ura
	install -m 0755 $(BUILD)/ura $(DESTDIR)$(BINDIR)/ura
	install -m 0644 docs/ura.8 $(DESTDIR)$(MANDIR)/man8/ura.8
	sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SYSCONFDIR@|$(SYSCONFDIR)|g' dist/ura.service.in \
	  > $(DESTDIR)$(UNITDIR)/ura.service
	chmod 0644 $(DESTDIR)$(UNITDIR)/ura.service
	install -m 0640 dist/ura.conf.example $(DESTDIR)$(SYSCONFDIR)/ura/ura.conf.example
	install -m 0644 docs/OPERATIONS.md $(DESTDIR)$(DOCDIR)/OPERATIONS.md


-include $(OBJ:.o=.d)

# ---- Fuzzing: the libFuzzer harnesses of tests/fuzz/ (README: "Fuzzing and crash safety") ----
# fuzz-build: every harness with clang, ASan, UBSan and libFuzzer, into build-fuzz/fuzz/.
# fuzz: each harness for FUZZ_SECONDS of CPU at nice 19, new inputs into a scratch corpus
# (build-fuzz/corpus/NAME); fuzz-merge: the scratch inputs that add coverage, minimised into
# the committed corpus (tests/fuzz/corpus/NAME). `make test` replays the committed corpus.
# clang's -Wformat-nonliteral (in -Wformat=2) also flags vsnprintf wrappers that gcc accepts.
.PHONY: fuzz fuzz-build fuzz-harnesses fuzz-merge
FUZZ_SECONDS ?= 60
FUZZ_LIB := tests/fuzz/fuzz_app.c tests/fuzz/fuzz_json.c
FUZZ_SRC := $(filter-out $(FUZZ_LIB),$(sort $(wildcard tests/fuzz/fuzz_*.c)))
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_LIB_OBJ := $(FUZZ_LIB:%.c=$(BUILD)/%.o)

$(BUILD)/fuzz/%: $(BUILD)/tests/fuzz/%.o $(FUZZ_LIB_OBJ) $(LIB_OBJ) $(GEN_OBJ)
	@mkdir -p $(dir $@)
	@echo "  FUZZ  $@"
	@$(CC) $(LDFLAGS_ALL) -fsanitize=fuzzer -o $@ $^ $(LIBS)

fuzz-harnesses: $(FUZZ_BIN)
.SECONDARY: $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%.o) $(FUZZ_LIB_OBJ)

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  OPT="-O1 -gline-tables-only -fno-omit-frame-pointer" \
	  EXTRA_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all \
	  -Wno-format-nonliteral" EXTRA_LDFLAGS="-fsanitize=address,undefined" fuzz-harnesses

fuzz: fuzz-build
	@tests/fuzz/run.sh fuzz build-fuzz $(FUZZ_SECONDS)

fuzz-merge: fuzz-build
	@tests/fuzz/run.sh merge build-fuzz

-include $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/tests/fuzz/%.d) $(FUZZ_LIB_OBJ:.o=.d)

# The performance table (bench/run.sh), throughput by workers (bench/http.sh), the reports.
bench:
	@scripts/install-deps.sh bench
	@$(MAKE) --no-print-directory all
	@bench/run.sh
	@bench/http.sh
	@bench/report.sh
	@node bench/ui-caseload.mjs
