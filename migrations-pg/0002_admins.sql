CREATE TABLE "admins" (
	"workspace_id" integer DEFAULT 1 NOT NULL,
	"slack_user_id" text NOT NULL,
	"added_by" text NOT NULL,
	"added_at" text DEFAULT to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') NOT NULL,
	CONSTRAINT "admins_workspace_id_slack_user_id_pk" PRIMARY KEY("workspace_id","slack_user_id")
);
