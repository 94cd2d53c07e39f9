// apiward in front of this Vercel project: the two lines.
export { default } from "apiward/vercel/middleware";
