# Cross-compiles for AArch64 Linux with Debian's GCC cross toolchain, linked
# statically so that qemu-aarch64 runs the result without a sysroot. The
# dot-product extension matches qcc_add_model(... MATTR +dotprod).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_C_FLAGS_INIT "-march=armv8.2-a+dotprod")
set(CMAKE_EXE_LINKER_FLAGS_INIT "-static")
