CREATE TABLE `admins` (
	`workspace_id` integer DEFAULT 1 NOT NULL,
	`slack_user_id` text NOT NULL,
	`added_by` text NOT NULL,
	`added_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	PRIMARY KEY(`workspace_id`, `slack_user_id`)
);
