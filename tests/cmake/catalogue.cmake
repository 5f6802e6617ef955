# The path catalogue (core/path_catalogue.hpp, docs/architecture.md "The path catalogue"): path
# ids written only there, and the doc's entry and "Adding a host path" in step with the table.
add_test(NAME "build: path ids are written only in the path catalogue"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build/path_ids.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("build: path ids are written only in the path catalogue" PROPERTIES
  LABELS build TIMEOUT 120)
add_test(NAME "docs: architecture.md shows a path catalogue entry and what adding a host path touches"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/build/path_catalogue_doc.sh ${PROJECT_SOURCE_DIR})
set_tests_properties("docs: architecture.md shows a path catalogue entry and what adding a host path touches"
  PROPERTIES LABELS build TIMEOUT 60)
