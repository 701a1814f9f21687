// A server where every POST route has something real to change — Ada signed in, owning an
// organization with Bob in it, an assessment of hers in it, an open invitation — and the list of
// those routes read from the router itself, so a new route is covered without editing the tests.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "integration/http_client.hpp"
#include "integration/running_server.hpp"

namespace cbe::testing {

struct PostRoute {
    std::string pattern;  // as the router has it
    std::string target;   // with every {param} filled in
};

class EveryPostRoute {
  public:
    EveryPostRoute();
    std::vector<PostRoute> routes() const;
    // Row counts of every table a post could change, and stamps of what an update changes.
    std::map<std::string, int> state() const;
    // Form fields that would pass every route's validation (before CSRF).
    std::map<std::string, std::string> valid_fields() const;

    RunningServer server;
    Client ada{server.port};
    long long organization = 0, bob = 0;

  private:
    std::map<std::string, std::string> values_;  // "{param}" → value
};

// "k=v&k=v", values form-encoded (spaces as +, '@' as %40).
std::string form_body(const std::map<std::string, std::string>& fields);

}  // namespace cbe::testing
