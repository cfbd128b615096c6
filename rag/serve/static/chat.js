() => {
  // Keeps a new question at the top of the conversation, just below the buttons drawn over it, while
  // its answer streams in under it, so the answer is read from its first line (Gradio's autoscroll,
  // which follows the bottom, is off). Scrolling by hand lets go. Runs once when the page loads.
  let seen = 0;        // questions in the conversation
  let anchor = -1;     // the question kept at the top, by position; -1: none
  let placed = null;   // the scrollTop set here, to tell a hand scroll from ours
  let pending = false;
  const place = () => {
    pending = false;
    const chat = document.querySelector("#chat");
    const log = chat && chat.querySelector(".bubble-wrap");
    if (!log) return;
    const questions = log.querySelectorAll(".message-row.user-row");
    if (questions.length !== seen) anchor = questions.length > seen ? questions.length - 1 : -1;
    seen = questions.length;
    const question = questions[anchor];
    if (!question) return;
    const bar = chat.querySelector(".top-panel");
    const gap = Math.max(bar ? bar.getBoundingClientRect().bottom - log.getBoundingClientRect().top : 0, 0) + 8;
    const off = question.getBoundingClientRect().top - log.getBoundingClientRect().top - gap;
    if (Math.abs(off) > 1) log.scrollTop += off;
    placed = log.scrollTop;
    const top = question.getBoundingClientRect().top;  // the conversation itself on screen
    if (top < 0 || top > window.innerHeight - 80) window.scrollBy(0, top - gap);
  };
  document.addEventListener("scroll", (event) => {
    const log = event.target;
    if (log instanceof Element && log.matches("#chat .bubble-wrap") && placed !== null
        && Math.abs(log.scrollTop - placed) > 2) anchor = -1;
  }, true);
  new MutationObserver(() => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(place);
    }
  }).observe(document.body, {childList: true, subtree: true, characterData: true});
}
