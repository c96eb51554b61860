# chansim: build, test, benchmark and run.
#   make                 build bin/chansim
#   make test            build and run the Criterion suite
#   make test SANITIZE=1 the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make MPI=1           build with Open MPI (multi-node sweeps)
#   make bench           agent-days per second, 1 thread vs all threads
#   make run             the default scenario comparison, CSV and plots (README's main job)
#   make docs            regenerate docs/parameters.md from the parameter tables
#   make install PREFIX=/usr/local

VERSION   := 0.1.0
PREFIX    ?= /usr/local
SANITIZE  ?= 0
MPI       ?= 0
PKGS      := gsl hdf5 inih

GIT_COMMIT := $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
GIT_DIRTY  := $(shell git diff --quiet HEAD 2>/dev/null || echo -dirty)

ifeq ($(MPI),1)
  CC      := mpicc
  BUILD   := build/mpi
  MPIFLAG := -DCHANSIM_MPI=1
else
  CC      ?= cc
  BUILD   := build/release
  MPIFLAG :=
endif
ifeq ($(SANITIZE),1)
  BUILD   := $(BUILD)-san
  SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
  OPT     := -O1 -g
else
  SANFLAGS :=
  OPT     := -O2 -g
endif

CFLAGS  ?= $(OPT)
override CFLAGS += -std=c11 -D_GNU_SOURCE -fopenmp -Wall -Wextra -Werror $(SANFLAGS) $(MPIFLAG) \
           -I. $(shell pkg-config --cflags $(PKGS)) \
           -DCHANSIM_VERSION='"$(VERSION)"' -DCHANSIM_INIH_VERSION='"$(shell pkg-config --modversion inih)"' -DCHANSIM_GIT='"$(GIT_COMMIT)$(GIT_DIRTY)"'
override LDLIBS += $(shell pkg-config --libs $(PKGS)) -lm
override LDFLAGS += -fopenmp $(SANFLAGS)

LIB_SRC  := $(sort $(filter-out sim/main.c,$(wildcard sim/*.c)) $(wildcard models/*.c))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
MAIN_OBJ := $(BUILD)/sim/main.o
TEST_SRC := $(sort $(wildcard tests/test_*.c))
TEST_OBJ := $(TEST_SRC:%.c=$(BUILD)/%.o)
EXE      := $(BUILD)/chansim
TESTEXE  := $(BUILD)/chansim_tests
LIB      := $(BUILD)/libchansim.a

.PHONY: all test bench run figures install clean check-deps docs test-mpi
all: bin/chansim

bin/chansim: $(EXE)
	@mkdir -p bin
	cp $(EXE) $@.tmp && mv -f $@.tmp $@ # rename: works while a job runs the old binary

$(EXE): $(MAIN_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(LIB): $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -MMD -MP -c $< -o $@

$(BUILD)/tests/%.o: CFLAGS += -DCHANSIM_BIN='"$(EXE)"' $(shell pkg-config --cflags criterion)

$(TESTEXE): $(TEST_OBJ) $(LIB)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) $(shell pkg-config --libs criterion)

# Tests run from the project root; -j2 matches the CI machine.
test: $(EXE) $(TESTEXE)
	ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(TESTEXE) --jobs 2 $(TEST_ARGS)

# MPI: build build/mpi/chansim (Open MPI), then check that 1 and 2 ranks give the same
# sweep file as each other and as the plain build (tests/test_sweep.c skips it otherwise).
test-mpi: $(EXE) $(TESTEXE)
	$(MAKE) MPI=1 build/mpi/chansim
	CHANSIM_TEST_MPI=1 $(TESTEXE) --filter 'sweep/mpi_*' $(TEST_ARGS)

bench: bin/chansim
	bin/chansim bench configs/scenarios/baseline.ini

run: bin/chansim
	scripts/run-main.sh

figures: bin/chansim
	scripts/make-figures.sh

# Written to a temporary file and renamed, so a failed run leaves the old file intact.
docs: bin/chansim
	bin/chansim params --markdown > docs/parameters.md.tmp || { rm -f docs/parameters.md.tmp; exit 1; }
	mv docs/parameters.md.tmp docs/parameters.md

install: bin/chansim
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/chansim
	install -m 0755 bin/chansim $(DESTDIR)$(PREFIX)/bin/chansim
	cp -r configs plots data $(DESTDIR)$(PREFIX)/share/chansim/

clean:
	rm -rf build bin

-include $(LIB_OBJ:.o=.d) $(MAIN_OBJ:.o=.d) $(TEST_OBJ:.o=.d)
