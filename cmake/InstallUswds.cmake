# Installs only the USWDS files the server serves: its stylesheet and the fonts and images the
# stylesheet refers to as ../fonts/… and ../img/… (the same rule as web/static_assets.cpp), not
# the whole npm package. Run at install time with CBE_USWDS_DIST and CBE_USWDS_DESTINATION set.
set(css "${CBE_USWDS_DIST}/css/uswds.min.css")
if(NOT EXISTS "${css}")
    message(FATAL_ERROR "USWDS not found at ${CBE_USWDS_DIST}: run npm ci first")
endif()
file(INSTALL "${css}" DESTINATION "${CBE_USWDS_DESTINATION}/css")
file(READ "${css}" text)
string(REGEX MATCHALL "url\\(\\.\\./[A-Za-z0-9_./-]+\\)" references "${text}")
list(REMOVE_DUPLICATES references)
foreach(reference IN LISTS references)
    string(REGEX REPLACE "^url\\(\\.\\./(.*)\\)$" "\\1" relative "${reference}")
    if(relative MATCHES "\\.\\.")
        continue()
    endif()
    get_filename_component(folder "${relative}" DIRECTORY)
    file(INSTALL "${CBE_USWDS_DIST}/${relative}" DESTINATION "${CBE_USWDS_DESTINATION}/${folder}"
         MESSAGE_NEVER)
endforeach()
