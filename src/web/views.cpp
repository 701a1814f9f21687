#include "web/views.hpp"

#include <atomic>
#include <filesystem>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>
#include <stdexcept>

namespace cbe::web {

namespace fs = std::filesystem;
namespace mst = kainjow::mustache;

namespace {

// kainjow's set() and push_back() copy their argument, and a copy is deep, so building a
// nested tree with them copies every node once per level above it. Instead each child is moved
// into place: the containers returned by get() and list_value() belong to `out`, which is not
// const, so writing through them is well defined.
mst::data to_data(const boost::json::value& value) {
    switch (value.kind()) {
        case boost::json::kind::object: {
            mst::data out{mst::data::type::object};
            for (const auto& [key, item] : value.get_object()) {
                std::string name(key);
                out.set(name, mst::data(false));
                *const_cast<mst::data*>(out.get(name)) = to_data(item);
            }
            return out;
        }
        case boost::json::kind::array: {
            mst::data out{mst::data::type::list};
            auto& list = const_cast<mst::basic_list<std::string>&>(out.list_value());
            list.reserve(value.get_array().size());
            for (const auto& item : value.get_array()) list.push_back(to_data(item));
            return out;
        }
        case boost::json::kind::string:
            return mst::data(std::string(value.get_string()));
        case boost::json::kind::bool_:
            return mst::data(value.get_bool());
        case boost::json::kind::int64:
            return mst::data(std::to_string(value.get_int64()));
        case boost::json::kind::uint64:
            return mst::data(std::to_string(value.get_uint64()));
        case boost::json::kind::double_:
            return mst::data(std::to_string(value.get_double()));
        case boost::json::kind::null:
            return mst::data(false);
    }
    return mst::data(false);
}

std::atomic<long long> live_parsed{0};

}  // namespace

struct Views::Parsed {
    std::map<std::string, std::unique_ptr<mst::mustache>> pages;
};

Views::~Views() {
    long long copies = 0;
    for (const auto& [thread, parsed] : parsed_)
        copies += static_cast<long long>(parsed->pages.size());
    live_parsed -= copies;
}

long long Views::parsed_copies() { return live_parsed.load(); }

Result<std::shared_ptr<const Views>> Views::load(const std::string& templates_dir) {
    auto views = std::make_shared<Views>();
    std::error_code ec;
    for (const auto& entry : fs::recursive_directory_iterator(templates_dir, ec)) {
        if (!entry.is_regular_file() || entry.path().extension() != ".mustache") continue;
        auto name = fs::relative(entry.path(), templates_dir).replace_extension().generic_string();
        std::ifstream in(entry.path());
        std::stringstream buffer;
        buffer << in.rdbuf();
        mst::mustache check(buffer.str());
        if (!check.is_valid()) {
            return fail(ErrorCode::kInvalidInput,
                        entry.path().string() + ": " + check.error_message());
        }
        views->sources_[name] = buffer.str();
    }
    if (ec || !views->sources_.count("layout")) {
        return fail(ErrorCode::kNotFound, "templates not found in " + templates_dir);
    }
    return std::shared_ptr<const Views>(std::move(views));
}

std::string Views::render_fragment(const std::string& page,
                                   const boost::json::object& model) const {
    mst::mustache* parsed = nullptr;
    {
        // Only this thread uses its copy; the lock guards the maps (their nodes do not move).
        std::lock_guard lock(parsed_mutex_);
        auto& mine = parsed_[std::this_thread::get_id()];
        if (!mine) mine = std::make_unique<Parsed>();
        auto it = mine->pages.find(page);
        if (it == mine->pages.end()) {
            auto source = sources_.find(page);
            if (source == sources_.end()) throw std::logic_error("no template " + page);
            it = mine->pages.emplace(page, std::make_unique<mst::mustache>(source->second)).first;
            ++live_parsed;
        }
        parsed = it->second.get();
    }
    mst::data data = to_data(model);
    for (const auto& [name, source] : sources_) {
        if (name.rfind("components/", 0) != 0) continue;
        const std::string* text = &source;
        data.set(name.substr(11), mst::partial([text] { return *text; }));
    }
    return parsed->render(data);
}

std::string Views::render(const std::string& page, const boost::json::object& model,
                          const boost::json::object& layout) const {
    boost::json::object outer = layout;
    outer["body_html"] = render_fragment("pages/" + page, model);
    return render_fragment("layout", outer);
}

}  // namespace cbe::web
