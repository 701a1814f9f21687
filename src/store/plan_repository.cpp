#include "store/plan_repository.hpp"

#include <soci/soci.h>

#include "store/detail/with_session.hpp"

namespace cbe::store {

using detail::with_session;

namespace {

// The plan of a subject is made on its first change. Both subjects are UNIQUE columns, so a
// second maker racing the first does nothing here and then finds the first one's plan.
constexpr const char* kEnsurePlan =
    "INSERT INTO action_plans (assessment_id, session_id, created_at, updated_at) "
    "VALUES (:assessment, :session, :now, :now2) ON CONFLICT DO NOTHING";
constexpr const char* kPlanByAssessment =
    "SELECT id, version, updated_at FROM action_plans WHERE assessment_id = :id";
constexpr const char* kPlanBySession =
    "SELECT id, version, updated_at FROM action_plans WHERE session_id = :id";
// The first statement of every change, and a write: SQLite takes the write lock before anything
// is read in the transaction.
constexpr const char* kBump =
    "UPDATE action_plans SET version = version + 1, updated_at = :now WHERE id = :id";
constexpr const char* kPriorities =
    "SELECT element_id FROM plan_priorities WHERE plan_id = :id ORDER BY position";
constexpr const char* kClearPriorities = "DELETE FROM plan_priorities WHERE plan_id = :id";
constexpr const char* kInsertPriority =
    "INSERT INTO plan_priorities (plan_id, element_id, position) VALUES (:id, :element, :pos)";
constexpr const char* kActionColumns =
    "SELECT a.id, a.element_id, a.description, COALESCE(a.owner_user_id, 0), a.owner_name, "
    "COALESCE(u.name, ''), a.due_date, a.target_stage, a.status, a.notes, a.created_at, "
    "a.updated_at ";
constexpr const char* kActionsOfPlan =
    "FROM plan_actions a LEFT JOIN users u ON u.id = a.owner_user_id WHERE a.plan_id = :id "
    "ORDER BY a.id";
constexpr const char* kCountActions = "SELECT COUNT(*) FROM plan_actions WHERE plan_id = :id";
constexpr const char* kInsertAction =
    "INSERT INTO plan_actions (plan_id, element_id, description, owner_user_id, owner_name, "
    "due_date, target_stage, status, notes, created_at, updated_at) VALUES (:plan, :element, "
    ":description, :owner, :owner_name, :due, :target, :status, :notes, :now, :now2) "
    "RETURNING id";
constexpr const char* kUpdateAction =
    "UPDATE plan_actions SET element_id = :element, description = :description, "
    "owner_user_id = :owner, owner_name = :owner_name, due_date = :due, target_stage = :target, "
    "status = :status, notes = :notes, updated_at = :now WHERE id = :action AND plan_id = :plan";
constexpr const char* kDeleteAction =
    "DELETE FROM plan_actions WHERE id = :action AND plan_id = :plan";
constexpr const char* kOpenActions =
    "SELECT a.id, a.element_id, a.description, COALESCE(a.owner_user_id, 0), a.owner_name, "
    "COALESCE(u.name, ''), a.due_date, a.target_stage, a.status, a.notes, a.created_at, "
    "a.updated_at, COALESCE(p.assessment_id, 0), COALESCE(p.session_id, 0), "
    "COALESCE(s.title, x.label, '') "
    "FROM plan_actions a JOIN action_plans p ON p.id = a.plan_id "
    "LEFT JOIN assessments x ON x.id = p.assessment_id "
    "LEFT JOIN team_sessions s ON s.id = p.session_id "
    "LEFT JOIN users u ON u.id = a.owner_user_id "
    "WHERE a.status <> 'done' AND (x.organization_id = :org OR s.organization_id = :org2) "
    "ORDER BY CASE WHEN a.due_date = '' THEN 1 ELSE 0 END, a.due_date, a.id LIMIT :limit";

// The plan's id, version and time; id 0 when the subject has none.
PlanRecord plan_header(soci::session& sql, const PlanSubjectKey& subject) {
    PlanRecord plan;
    if (subject.assessment_id != 0) {
        sql << kPlanByAssessment, soci::use(subject.assessment_id), soci::into(plan.id),
            soci::into(plan.version), soci::into(plan.updated_at);
    } else {
        sql << kPlanBySession, soci::use(subject.session_id), soci::into(plan.id),
            soci::into(plan.version), soci::into(plan.updated_at);
    }
    if (!sql.got_data()) plan = PlanRecord{};
    return plan;
}

// Makes the subject's plan if needed and bumps its version: the transaction's first write.
long long bump_plan(soci::session& sql, const PlanSubjectKey& subject, const std::string& now) {
    soci::indicator a_ind = subject.assessment_id == 0 ? soci::i_null : soci::i_ok;
    soci::indicator s_ind = subject.session_id == 0 ? soci::i_null : soci::i_ok;
    sql << kEnsurePlan, soci::use(subject.assessment_id, a_ind),
        soci::use(subject.session_id, s_ind), soci::use(now), soci::use(now);
    long long id = plan_header(sql, subject).id;
    sql << kBump, soci::use(now), soci::use(id);
    return id;
}

// Binds an action's columns, in kActionColumns' order, for a row-by-row statement.
struct ActionRow {
    PlanActionRecord r;
    void bind(soci::statement& st) {
        auto& f = r.fields;
        st.exchange(soci::into(r.id));
        st.exchange(soci::into(f.element_id));
        st.exchange(soci::into(f.description));
        st.exchange(soci::into(f.owner_user_id));
        st.exchange(soci::into(f.owner_name));
        st.exchange(soci::into(r.owner_user_name));
        st.exchange(soci::into(f.due_date));
        st.exchange(soci::into(f.target_stage));
        st.exchange(soci::into(f.status));
        st.exchange(soci::into(f.notes));
        st.exchange(soci::into(r.created_at));
        st.exchange(soci::into(r.updated_at));
    }
};

void use_fields(soci::statement& st, const ActionFields& f, soci::indicator& owner_ind) {
    owner_ind = f.owner_user_id == 0 ? soci::i_null : soci::i_ok;
    st.exchange(soci::use(f.element_id));
    st.exchange(soci::use(f.description));
    st.exchange(soci::use(f.owner_user_id, owner_ind));
    st.exchange(soci::use(f.owner_name));
    st.exchange(soci::use(f.due_date));
    st.exchange(soci::use(f.target_stage));
    st.exchange(soci::use(f.status));
    st.exchange(soci::use(f.notes));
}

}  // namespace

Result<PlanRecord> PlanRepository::find(const PlanSubjectKey& subject) {
    return with_session<PlanRecord>(
        *db_, "reading an action plan", [&](soci::session& sql) -> Result<PlanRecord> {
            PlanRecord plan = plan_header(sql, subject);
            if (plan.id == 0) return plan;
            std::string element;
            soci::statement priorities =
                (sql.prepare << kPriorities, soci::use(plan.id), soci::into(element));
            priorities.execute();
            while (priorities.fetch()) plan.priorities.push_back(element);
            ActionRow row;
            soci::statement actions(sql);
            row.bind(actions);
            actions.exchange(soci::use(plan.id));
            actions.alloc();
            actions.prepare(std::string(kActionColumns) + kActionsOfPlan);
            actions.define_and_bind();
            actions.execute();
            while (actions.fetch()) plan.actions.push_back(row.r);
            return plan;
        });
}

Result<void> PlanRepository::set_priorities(const PlanSubjectKey& subject,
                                            const std::vector<std::string>& element_ids,
                                            const std::string& now) {
    return with_session<void>(
        *db_, "saving a plan's priorities", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            long long id = bump_plan(sql, subject, now);
            sql << kClearPriorities, soci::use(id);
            int position = 0;
            for (const auto& element : element_ids) {
                ++position;
                sql << kInsertPriority, soci::use(id), soci::use(element), soci::use(position);
            }
            tx.commit();
            return {};
        });
}

Result<long long> PlanRepository::add_action(const PlanSubjectKey& subject,
                                             const ActionFields& fields, size_t max_actions,
                                             const std::string& now) {
    return with_session<long long>(
        *db_, "adding an action to a plan", [&](soci::session& sql) -> Result<long long> {
            soci::transaction tx(sql);
            long long plan = bump_plan(sql, subject, now);
            long long count = 0;
            sql << kCountActions, soci::use(plan), soci::into(count);
            if (count >= static_cast<long long>(max_actions)) {
                return fail(ErrorCode::kConflict, "plan.too-many-actions");
            }
            // One-shot, so that the RETURNING statement is finished before the commit.
            long long made = 0;
            const auto& f = fields;
            soci::indicator owner_ind = f.owner_user_id == 0 ? soci::i_null : soci::i_ok;
            sql << kInsertAction, soci::use(plan), soci::use(f.element_id),
                soci::use(f.description), soci::use(f.owner_user_id, owner_ind),
                soci::use(f.owner_name), soci::use(f.due_date), soci::use(f.target_stage),
                soci::use(f.status), soci::use(f.notes), soci::use(now), soci::use(now),
                soci::into(made);
            tx.commit();
            return made;
        });
}

Result<void> PlanRepository::update_action(const PlanSubjectKey& subject, long long action_id,
                                           const ActionFields& fields, const std::string& now) {
    return with_session<void>(*db_, "changing a plan's action",
                              [&](soci::session& sql) -> Result<void> {
                                  soci::transaction tx(sql);
                                  long long plan = bump_plan(sql, subject, now);
                                  soci::indicator owner_ind = soci::i_ok;
                                  soci::statement st(sql);
                                  use_fields(st, fields, owner_ind);
                                  st.exchange(soci::use(now));
                                  st.exchange(soci::use(action_id));
                                  st.exchange(soci::use(plan));
                                  st.alloc();
                                  st.prepare(kUpdateAction);
                                  st.define_and_bind();
                                  st.execute(true);
                                  if (st.get_affected_rows() != 1)
                                      return fail(ErrorCode::kNotFound, "plan.no-action");
                                  tx.commit();
                                  return {};
                              });
}

Result<void> PlanRepository::delete_action(const PlanSubjectKey& subject, long long action_id) {
    return with_session<void>(
        *db_, "deleting a plan's action", [&](soci::session& sql) -> Result<void> {
            soci::transaction tx(sql);
            long long plan = plan_header(sql, subject).id;
            soci::statement st =
                (sql.prepare << kDeleteAction, soci::use(action_id), soci::use(plan));
            st.execute(true);
            if (st.get_affected_rows() != 1) return fail(ErrorCode::kNotFound, "plan.no-action");
            tx.commit();
            return {};
        });
}

Result<std::vector<OpenActionRecord>> PlanRepository::open_actions(long long organization_id,
                                                                   size_t limit) {
    return with_session<std::vector<OpenActionRecord>>(
        *db_, "reading open actions",
        [&](soci::session& sql) -> Result<std::vector<OpenActionRecord>> {
            std::vector<OpenActionRecord> out;
            ActionRow row;
            OpenActionRecord open;
            long long max = static_cast<long long>(limit);
            soci::statement st(sql);
            row.bind(st);
            st.exchange(soci::into(open.assessment_id));
            st.exchange(soci::into(open.session_id));
            st.exchange(soci::into(open.subject_title));
            st.exchange(soci::use(organization_id));
            st.exchange(soci::use(organization_id));
            st.exchange(soci::use(max));
            st.alloc();
            st.prepare(kOpenActions);
            st.define_and_bind();
            st.execute();
            while (st.fetch()) {
                open.action = row.r;
                out.push_back(open);
            }
            return out;
        });
}

}  // namespace cbe::store
