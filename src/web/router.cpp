#include "web/router.hpp"

#include "core/text.hpp"

namespace cbe::web {

namespace {

std::vector<std::string> split_path(const std::string& path) {
    std::vector<std::string> segments;
    for (auto part : text::split(path, '/')) {
        if (!part.empty()) segments.emplace_back(part);
    }
    return segments;
}

bool is_parameter(const std::string& segment) {
    return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::add(Method method, const std::string& pattern, Handler handler, bool blocking) {
    routes_.push_back({method, split_path(pattern), pattern, std::move(handler), blocking});
}

bool Router::is_blocking(const Handler* handler) const {
    for (const auto& route : routes_) {
        if (&route.handler == handler) return route.blocking;
    }
    return false;
}

bool Router::matches(const Route& route, const std::vector<std::string>& segments,
                     std::map<std::string, std::string>* params) {
    if (route.segments.size() != segments.size()) return false;
    for (size_t i = 0; i < segments.size(); ++i) {
        const auto& expected = route.segments[i];
        if (is_parameter(expected)) {
            if (params) (*params)[expected.substr(1, expected.size() - 2)] = segments[i];
        } else if (expected != segments[i]) {
            return false;
        }
    }
    return true;
}

Router::Match Router::match(Request& request, const Handler** handler) const {
    auto segments = split_path(request.path);
    Method wanted = request.method == Method::kHead ? Method::kGet : request.method;
    bool path_known = false;
    for (const auto& route : routes_) {
        if (!matches(route, segments, nullptr)) continue;
        path_known = true;
        if (route.method != wanted) continue;
        matches(route, segments, &request.params);
        request.route = route.pattern;
        *handler = &route.handler;
        return Match::kFound;
    }
    return path_known ? Match::kMethodNotAllowed : Match::kNotFound;
}

std::vector<std::pair<Method, std::string>> Router::routes() const {
    std::vector<std::pair<Method, std::string>> out;
    for (const auto& route : routes_) {
        std::string pattern;
        for (const auto& segment : route.segments) pattern += "/" + segment;
        out.emplace_back(route.method, pattern.empty() ? "/" : pattern);
    }
    return out;
}

std::string Router::allowed_methods(const std::string& path) const {
    auto segments = split_path(path);
    std::string allow;
    for (const auto& route : routes_) {
        if (!matches(route, segments, nullptr)) continue;
        std::string names = route.method == Method::kGet ? "GET, HEAD" : "POST";
        if (allow.find(names) == std::string::npos) allow += (allow.empty() ? "" : ", ") + names;
    }
    return allow;
}

}  // namespace cbe::web
