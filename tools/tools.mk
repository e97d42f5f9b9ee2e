# SPDX-License-Identifier: GPL-2.0-only
# tools/: benchmarks and audits.  'make bench' runs every BENCH_TARGETS entry.

RINGBENCH := $(OUT)/tools/ringbench
RINGTEST_DIR := $(BUILD)/bench/ringtest
LINUX_SRC_TAR := /usr/src/linux-source-6.1.tar.xz
BENCH_RUNS ?= 5
BENCH_CYCLES ?= 2000000

$(RINGBENCH): tools/ringbench/ringbench.c $(REF_LIB)
	$(quiet) CC "$@"
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_BASE) $(REF_INC) -o $@ $< $(REF_LIB) -lpthread

# Linux's tools/virtio/ringtest from Debian's linux-source-6.1, built as is.
$(RINGTEST_DIR)/ring:
	$(Q)scripts/deps.sh bench
	@mkdir -p $(BUILD)/bench
	$(Q)tar -xJf $(LINUX_SRC_TAR) -C $(BUILD)/bench --strip-components=3 \
		linux-source-6.1/tools/virtio/ringtest
	$(Q)$(MAKE) --no-print-directory -C $(RINGTEST_DIR) ring virtio_ring_0_9 >/dev/null

.PHONY: bench bench-ring
bench-ring: $(RINGBENCH) $(RINGTEST_DIR)/ring
	$(Q)tools/ringbench/compare.py --ringbench $(RINGBENCH) --ringtest-dir $(RINGTEST_DIR) \
		--runs $(BENCH_RUNS) --cycles $(BENCH_CYCLES)
	$(Q)tools/ringbench/compare.py --ringbench $(RINGBENCH) --ringtest-dir $(RINGTEST_DIR) \
		--runs $(BENCH_RUNS) --cycles $(BENCH_CYCLES) --sleep

BENCH_TARGETS += bench-ring

bench:
	$(Q)for t in $(BENCH_TARGETS); do echo "== $$t"; $(MAKE) --no-print-directory $$t || exit 1; done
