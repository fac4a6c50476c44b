# Dojo. `make train` and `make test` work on a fresh Debian/Ubuntu machine with Swift installed.
SWIFT ?= swift
APT_PACKAGES := libopenblas-dev libsdl2-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build release train test bench clean

# Installs the system libraries Dojo links, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

train: release
	.build/release/dojo train --preset cartpole-dqn

# After Dojo's own tests: the Examples/CustomEnv package (a user's environment on DojoCLI) is
# built, tested, checked, trained briefly and evaluated against a random policy.
test: deps
	$(SWIFT) build
	$(SWIFT) test
	SWIFT="$(SWIFT)" Examples/CustomEnv/check.sh

bench: release
	.build/release/dojo bench

clean:
	rm -rf .build Examples/CustomEnv/.build
