# SPDX-License-Identifier: GPL-2.0-only
# Common build settings.  VARIANT selects compiler and sanitizers:
#   gcc (default), clang, gcc-san, clang-san  (san = ASan + UBSan)
# V=1 shows commands; WERROR=0 keeps warnings from failing the build.

VARIANT ?= gcc
BUILD   ?= build
OUT     := $(BUILD)/$(VARIANT)
V       ?= 0
WERROR  ?= 1

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-8s %s\n'
endif

ifneq ($(filter clang%,$(VARIANT)),)
CC := clang
else
CC := gcc
endif

WARNINGS := \
	-Wall \
	-Wextra \
	-Wshadow \
	-Wstrict-prototypes \
	-Wmissing-prototypes \
	-Wpointer-arith \
	-Wvla \
	-Wformat=2 \
	-Wundef
ifeq ($(WERROR),1)
WARNINGS += -Werror
endif

OPT := -O2 -g
SANFLAGS :=
ifneq ($(filter %-san,$(VARIANT)),)
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1 -g
endif

CFLAGS_BASE := -std=c11 $(OPT) $(WARNINGS) $(SANFLAGS) -D_GNU_SOURCE
LDFLAGS_BASE := $(SANFLAGS)

PYTHON ?= python3
