using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BiasApp.Data.Migrations
{
    /// <inheritdoc />
    public partial class OneContextForReplicas : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The batch tables used to belong to a context of their own, so they are created here only where they do not exist,
            // and kept otherwise.
            migrationBuilder.Sql("""
                CREATE TABLE IF NOT EXISTS "Batches" (
                    "Id" TEXT NOT NULL CONSTRAINT "PK_Batches" PRIMARY KEY,
                    "OwnerId" TEXT NOT NULL,
                    "Name" TEXT NOT NULL,
                    "Status" TEXT NOT NULL,
                    "RowsTotal" INTEGER NOT NULL,
                    "RowsDone" INTEGER NOT NULL,
                    "RowsFlagged" INTEGER NOT NULL,
                    "HasGroups" INTEGER NOT NULL,
                    "Threshold" REAL NOT NULL,
                    "Model" TEXT NULL,
                    "Error" TEXT NULL,
                    "CreatedAt" TEXT NOT NULL,
                    "StartedAt" TEXT NULL,
                    "FinishedAt" TEXT NULL,
                    "RowsSkipped" INTEGER NOT NULL DEFAULT 0,
                    "SkippedRows" TEXT NULL,
                    "PassThroughColumns" TEXT NULL
                );
                CREATE TABLE IF NOT EXISTS "BatchRows" (
                    "BatchId" TEXT NOT NULL,
                    "Index" INTEGER NOT NULL,
                    "SourceRow" INTEGER NULL,
                    "PassThrough" TEXT NULL,
                    "Text" TEXT NOT NULL,
                    "Group" TEXT NULL,
                    "MaxProbability" REAL NULL,
                    "Flagged" INTEGER NULL,
                    "Sentences" TEXT NULL,
                    CONSTRAINT "PK_BatchRows" PRIMARY KEY ("BatchId", "Index"),
                    CONSTRAINT "FK_BatchRows_Batches_BatchId" FOREIGN KEY ("BatchId") REFERENCES "Batches" ("Id") ON DELETE CASCADE
                );
                CREATE INDEX IF NOT EXISTS "IX_Batches_OwnerId_CreatedAt" ON "Batches" ("OwnerId", "CreatedAt");
                CREATE INDEX IF NOT EXISTS "IX_Batches_Status" ON "Batches" ("Status");
                """);

            migrationBuilder.AddColumn<string>(
                name: "LeaseOwner",
                table: "Batches",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "LeaseExpiresAt",
                table: "Batches",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UsageReservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Explains = table.Column<bool>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageReservations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_UsageReservations_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_UsageReservations_ExpiresAt",
                table: "UsageReservations",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_UsageReservations_UserId_Day",
                table: "UsageReservations",
                columns: new[] { "UserId", "Day" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BatchRows");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "UsageReservations");

            migrationBuilder.DropTable(
                name: "Batches");
        }
    }
}
