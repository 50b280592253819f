using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Users.Data.Migrations
{
    /// <inheritdoc />
    public partial class OutboxOperatorTools : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "outbox_relay_control",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    changed_on_utc = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox_relay_control", x => x.id);
                    table.CheckConstraint("ck_outbox_relay_control_single_row", "id = 1");
                });

            migrationBuilder.InsertData(
                table: "outbox_relay_control",
                columns: new[] { "id", "changed_on_utc", "paused" },
                values: new object[] { 1, null, false });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_messages_dead",
                table: "outbox_messages",
                column: "dead_on_utc",
                filter: "dead_on_utc IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "outbox_relay_control");

            migrationBuilder.DropIndex(
                name: "ix_outbox_messages_dead",
                table: "outbox_messages");
        }
    }
}
