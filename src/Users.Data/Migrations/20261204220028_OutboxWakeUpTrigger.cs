using Microsoft.EntityFrameworkCore.Migrations;
using Outbox.Core.Persistence;

#nullable disable

namespace Users.Data.Migrations
{
    /// <summary>
    /// Wakes the relay when outbox rows commit: a statement-level trigger sends one NOTIFY per inserting statement
    /// (not per row), which PostgreSQL delivers only when, and if, the transaction commits. Writers need not know
    /// about it. The relay still polls as a fallback for a missed signal.
    /// </summary>
    public partial class OutboxWakeUpTrigger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                CREATE FUNCTION {OutboxTable.WakeUpFunction}() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('{OutboxTable.WakeUpChannel}', '');
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER {OutboxTable.WakeUpTrigger}
                    AFTER INSERT ON {OutboxTable.Name}
                    FOR EACH STATEMENT EXECUTE FUNCTION {OutboxTable.WakeUpFunction}();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""
                DROP TRIGGER IF EXISTS {OutboxTable.WakeUpTrigger} ON {OutboxTable.Name};
                DROP FUNCTION IF EXISTS {OutboxTable.WakeUpFunction}();
                """);
        }
    }
}
