// Maps a method and a path pattern ("/elements/{id}") to a handler.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "web/http.hpp"

namespace cbe::web {

using Handler = std::function<Response(Request&)>;

class Router {
  public:
    // GET routes also answer HEAD (the server drops the body). A blocking route does database
    // work: the server runs it on the database pool, never on an I/O thread.
    void add(Method method, const std::string& pattern, Handler handler, bool blocking = false);
    void get(const std::string& pattern, Handler handler) {
        add(Method::kGet, pattern, std::move(handler));
    }
    void post(const std::string& pattern, Handler handler) {
        add(Method::kPost, pattern, std::move(handler));
    }

    enum class Match { kFound, kNotFound, kMethodNotAllowed };
    // On kFound, fills request.params and request.route and points `handler` at the route's
    // handler.
    Match match(Request& request, const Handler** handler) const;
    bool is_blocking(const Handler* handler) const;
    // Every route as (method, pattern), for tests that must cover them all.
    std::vector<std::pair<Method, std::string>> routes() const;
    // The methods a path answers to, for the Allow header of a 405.
    std::string allowed_methods(const std::string& path) const;

  private:
    struct Route {
        Method method;
        std::vector<std::string> segments;  // "{name}" marks a parameter
        std::string pattern;
        Handler handler;
        bool blocking = false;
    };
    static bool matches(const Route& route, const std::vector<std::string>& segments,
                        std::map<std::string, std::string>* params);
    std::vector<Route> routes_;
};

}  // namespace cbe::web
