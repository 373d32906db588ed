# cmake --install: headers, libsimdact.a, a CMake package (find_package(simdact) -> simdact::simdact)
# and a pkg-config file. The build tree exports the same targets.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(simdact_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/simdact)
install(TARGETS simdact EXPORT simdactTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/simdact DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT simdactTargets NAMESPACE simdact:: DESTINATION ${simdact_cmake_dir})
export(EXPORT simdactTargets NAMESPACE simdact:: FILE ${PROJECT_BINARY_DIR}/simdactTargets.cmake)

configure_package_config_file(cmake/simdactConfig.cmake.in ${PROJECT_BINARY_DIR}/simdactConfig.cmake
                              INSTALL_DESTINATION ${simdact_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/simdactConfigVersion.cmake
                                 COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/simdactConfig.cmake ${PROJECT_BINARY_DIR}/simdactConfigVersion.cmake
        DESTINATION ${simdact_cmake_dir})

# Relocatable: the prefix is found relative to the .pc file, wherever the tree is installed.
file(RELATIVE_PATH simdact_pc_to_prefix "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file(cmake/simdact.pc.in ${PROJECT_BINARY_DIR}/simdact.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/simdact.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
