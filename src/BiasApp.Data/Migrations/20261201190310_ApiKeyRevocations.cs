using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BiasApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class ApiKeyRevocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RevokedApiKeys",
                columns: table => new
                {
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RevokedApiKeys", x => x.Hash);
                });

            // Every way a key disappears (the keys page, an admin's revoke, the account's deletion) is a DELETE on ApiKeys.
            migrationBuilder.Sql($"""
                CREATE TRIGGER "{BiasDbContext.RevokedKeyTrigger}" AFTER DELETE ON "ApiKeys"
                BEGIN
                    INSERT OR REPLACE INTO "RevokedApiKeys" ("Hash", "UserId", "RevokedAt")
                    VALUES (old."Hash", old."UserId", strftime('%Y-%m-%d %H:%M:%f', 'now'));
                END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"""DROP TRIGGER "{BiasDbContext.RevokedKeyTrigger}";""");

            migrationBuilder.DropTable(
                name: "RevokedApiKeys");
        }
    }
}
