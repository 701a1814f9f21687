#include "store/migrations.hpp"

#include <soci/soci.h>
#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace cbe::store {

namespace fs = std::filesystem;

namespace {

constexpr const char* kCreateVersionTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
constexpr const char* kCurrentVersion = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr const char* kRecordVersion =
    "INSERT INTO schema_migrations (version, name, applied_at) "
    "VALUES (:version, :name, CURRENT_TIMESTAMP)";

// SQLite prepares one statement at a time, so a file runs statement by statement. Where one
// ends is SQLite's own judgement (sqlite3_complete: it knows quotes, comments and trigger
// bodies), so a ';' inside a string or a CREATE TRIGGER … BEGIN … END never splits one.
std::vector<std::string> statements(const std::string& sql) {
    std::vector<std::string> out;
    std::string current;
    std::istringstream lines(sql);
    for (std::string line; std::getline(lines, line);) {
        bool between = current.find_first_not_of(" \t\r\n") == std::string::npos;
        if (between && line.rfind("--", 0) == 0) continue;  // a comment between statements
        current += line + "\n";
        if (sqlite3_complete(current.c_str()) != 0) {
            out.push_back(current);
            current.clear();
        }
    }
    if (current.find_first_not_of(" \t\r\n") != std::string::npos) out.push_back(current);
    return out;
}

Result<std::map<int, fs::path>> migration_files(const std::string& dir) {
    std::map<int, fs::path> files;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        std::string name = entry.path().filename().string();
        if (entry.path().extension() != ".sql" || name.size() < 5) continue;
        int number = std::atoi(name.substr(0, 4).c_str());
        if (number <= 0) continue;
        // Two branches that each added "the next" migration, merged: refuse rather than run one.
        if (auto [at, added] = files.emplace(number, entry.path()); !added) {
            std::string message = "two migrations are numbered ";
            message.append(std::to_string(number)).append(" in ").append(dir).append(": ");
            message.append(at->second.filename().string()).append(" and ").append(name);
            return fail(ErrorCode::kInternal, message);
        }
    }
    if (ec) return fail(ErrorCode::kNotFound, "migrations folder " + dir + ": " + ec.message());
    return files;
}

}  // namespace

Result<int> schema_version(Database& db) {
    auto lease = db.lease();
    if (!lease) return tl::unexpected(lease.error());
    try {
        soci::session& sql = lease->session();
        sql << kCreateVersionTable;
        int version = 0;
        sql << kCurrentVersion, soci::into(version);
        return version;
    } catch (const std::exception& e) {
        return tl::unexpected(database_error("reading the schema version", e));
    }
}

Result<int> migrate(Database& db, const std::string& dir, int target) {
    auto current = schema_version(db);
    if (!current) return current;
    if (*current > kSchemaVersion) return check_schema(db).map([&] { return *current; });
    auto files = migration_files(dir);
    if (!files) return tl::unexpected(files.error());
    auto lease = db.lease();
    if (!lease) return tl::unexpected(lease.error());
    soci::session& sql = lease->session();
    int version = *current;
    for (const auto& [number, path] : *files) {
        if (number <= version || number > target) continue;
        if (number != version + 1) {
            return fail(ErrorCode::kInternal,
                        "migration " + std::to_string(version + 1) + " is missing in " + dir);
        }
        std::ifstream in(path);
        std::stringstream text;
        text << in.rdbuf();
        try {
            soci::transaction tx(sql);
            for (const auto& statement : statements(text.str())) sql << statement;
            std::string name = path.filename().string();
            sql << kRecordVersion, soci::use(number), soci::use(name);
            tx.commit();
        } catch (const std::exception& e) {
            return tl::unexpected(database_error("applying " + path.string(), e));
        }
        version = number;
    }
    if (version < target) {
        return fail(ErrorCode::kInternal,
                    "migrations up to " + std::to_string(target) + " are not all in " + dir);
    }
    return version;
}

Result<void> check_schema(Database& db) {
    auto version = schema_version(db);
    if (!version) return tl::unexpected(version.error());
    if (*version > kSchemaVersion) {
        return fail(ErrorCode::kConflict,
                    "the database is at schema version " + std::to_string(*version) +
                        ", newer than this program understands (" + std::to_string(kSchemaVersion) +
                        "); run a newer version of roadmap");
    }
    if (*version < kSchemaVersion) {
        return fail(ErrorCode::kConflict, "the database is at schema version " +
                                              std::to_string(*version) +
                                              "; run `roadmap migrate` first");
    }
    return {};
}

}  // namespace cbe::store
