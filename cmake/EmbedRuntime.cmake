# Writes OUTPUT, a list of {"path", R"(contents)"} initializers, from the
# runtime's headers (qcc/*.h, relative to INCLUDE_DIR) and kernel sources
# (KERNEL_DIR/*.{c,h}, flattened). Run with cmake -P at build time.
file(GLOB headers RELATIVE ${INCLUDE_DIR} ${INCLUDE_DIR}/qcc/*.h)
file(GLOB kernels RELATIVE ${KERNEL_DIR} ${KERNEL_DIR}/*.c ${KERNEL_DIR}/*.h)
list(SORT headers)
list(SORT kernels)
set(text "")
foreach(path ${headers})
  file(READ ${INCLUDE_DIR}/${path} contents)
  string(APPEND text "{\"${path}\", R\"qcc_embed(${contents})qcc_embed\"},\n")
endforeach()
foreach(path ${kernels})
  file(READ ${KERNEL_DIR}/${path} contents)
  string(APPEND text "{\"${path}\", R\"qcc_embed(${contents})qcc_embed\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp "${text}")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different ${OUTPUT}.tmp ${OUTPUT})
