# Installation layout and CPack: .deb and .rpm on Linux (built and, for the
# .deb, installed on a fresh Debian 12 by CI); the Windows (NSIS) and macOS
# (DragNDrop) generators are configured for the workflow in
# .github/workflows/packages.yml, which nothing here runs (docs/RELEASING.md).
include(GNUInstallDirs)
set(STREAMRANK_APP_ID "io.github.streamrank.StreamRank")
set(STREAMRANK_LICENSE "GPL-3.0-or-later") # Qt Charts is GPLv3 or commercial

install(TARGETS streamrank
        RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
        BUNDLE DESTINATION .)
if(UNIX AND NOT APPLE)
    install(FILES ${CMAKE_SOURCE_DIR}/packaging/linux/${STREAMRANK_APP_ID}.desktop
            DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
    install(FILES ${CMAKE_SOURCE_DIR}/packaging/linux/${STREAMRANK_APP_ID}.metainfo.xml
            DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
    install(FILES ${CMAKE_SOURCE_DIR}/resources/icons/streamrank.svg
            DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
            RENAME ${STREAMRANK_APP_ID}.svg)
    # Debian's place for the license: the machine-readable copyright file
    # (SPDX id GPL-3.0-or-later) and the full text beside it.
    install(FILES ${CMAKE_SOURCE_DIR}/LICENSE ${CMAKE_SOURCE_DIR}/packaging/linux/copyright
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/streamrank)
endif()
# Windows and macOS: Qt's deployment tool (windeployqt / macdeployqt) copies
# the Qt libraries and plugins next to the installed program, so the NSIS
# installer and the disk image carry everything they need.
if(WIN32 OR APPLE)
    qt_generate_deploy_app_script(TARGET streamrank OUTPUT_SCRIPT _streamrank_deploy
                                  NO_UNSUPPORTED_PLATFORM_ERROR)
    install(SCRIPT ${_streamrank_deploy})
endif()

# The metainfo names the release a user installs: it must be this version.
file(READ ${CMAKE_SOURCE_DIR}/packaging/linux/${STREAMRANK_APP_ID}.metainfo.xml _metainfo)
if(NOT _metainfo MATCHES "<release version=\"${PROJECT_VERSION}\"")
    message(FATAL_ERROR "packaging/linux/${STREAMRANK_APP_ID}.metainfo.xml has no <release> "
                        "for version ${PROJECT_VERSION}: add it (docs/RELEASING.md)")
endif()

set(CPACK_PACKAGE_NAME "streamrank")
set(CPACK_PACKAGE_VENDOR "The StreamRank developers")
set(CPACK_PACKAGE_CONTACT "StreamRank developers <dev@streamrank.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Live-streaming analytics dashboard")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "StreamRank collects live viewership from streaming platforms in the background, keeps the "
    "history in a local database you own and shows live rankings, viewership charts and anomaly "
    "alerts. A built-in Demo platform shows the whole product without any account.")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "StreamRank")
set(CPACK_PACKAGE_EXECUTABLES "streamrank;StreamRank")
set(CPACK_RESOURCE_FILE_LICENSE "${CMAKE_SOURCE_DIR}/LICENSE")
set(CPACK_STRIP_FILES ON)
if(WIN32)
    set(CPACK_GENERATOR "NSIS;ZIP")
    set(CPACK_NSIS_DISPLAY_NAME "StreamRank")
    set(CPACK_NSIS_PACKAGE_NAME "StreamRank ${PROJECT_VERSION}")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\streamrank.exe")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
elseif(APPLE)
    set(CPACK_GENERATOR "DragNDrop")
    set(CPACK_DMG_VOLUME_NAME "StreamRank")
else()
    set(CPACK_GENERATOR "DEB;RPM")
endif()

# Debian: file name streamrank_VERSION_ARCH.deb; the libraries' packages come
# from dpkg-shlibdeps; the plugins StreamRank loads at run time are named.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "gnome-keyring | kwalletmanager | keepassxc, fonts-noto-cjk, fonts-noto-color-emoji, qt6-wayland")
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
# RPM (built by CI, installed nowhere here: Debian has no RPM-based system to try it on).
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_LICENSE "${STREAMRANK_LICENSE}")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_AUTOREQ ON)
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase-gui, qt6-qtsvg")
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/icons /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps)
include(CPack)
