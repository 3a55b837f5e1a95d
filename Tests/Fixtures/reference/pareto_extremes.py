"""Reference values for ParetoNBDExtremesTests, computed with mpmath 1.3.0
(PyPI) at 40-60 digits: P(alive) from Fader & Hardie's (2005) formula with A0
as an integral, P(no purchase in 26 weeks) from its two one-dimensional
integrals, and the log-likelihood through mpmath's hyp2f1 (its quadrature
agrees to only 5 digits there). Parameters: a Pareto/NBD fitted on 2,500 of
a 10,000-account sample (rapport-bench fitcap 10000 11 2500), at which
Rapport's double-precision arithmetic overflowed before issue 27.
Run: python3 pareto_extremes.py
"""
from mpmath import mp, mpf, quad, hyp2f1, log, exp, inf, gamma, loggamma
mp.dps = 40
r, alpha, s, beta = mpf('3.8684955476496463'), mpf('7.266648872290391'), mpf('97.86775848056566'), mpf('130342.78782160822')
x, tx, T, t = 102, mpf('110.85714285714286'), mpf('111.42857142857143'), mpf(26)
# Pareto/NBD P(alive): 1/(1 + s/(r+s+x) (α+T)^(r+x) (β+T)^s A0), A0 as an integral (Fader & Hardie 2005)
def A0(tx, T):
    # s/(r+s+x) A0 = s ∫_tx^T (α+τ)^-(r+x) (β+τ)^-(s+1) dτ ; return A0 itself
    return (r+s+x)/s * s * quad(lambda u: (alpha+u)**(-(r+x)) * (beta+u)**(-(s+1)), [tx, T])
odds = s/(r+s+x) * (alpha+T)**(r+x) * (beta+T)**s * A0(tx, T)
alive = 1/(1+odds)
a1, b1, a2, b2 = r+x, alpha+T, s, beta+T
dies = quad(lambda u: a2/b2*(b2/(b2+u))**(a2+1) * (b1/(b1+u))**a1, [0, inf])
quiet_end = quad(lambda v: a1/b1*(b1/(b1+v))**(a1+1) * (b2/(b2+v))**a2, [t, inf])
print("P(alive)", alive)
print("P(no purchase in 26w)", 1 - alive + alive*(dies+quiet_end))
# log-likelihood of x=94, tx=76.857..., T=111.428... at the same parameters
x2, tx2, T2 = 94, mpf('76.85714285714286'), mpf('111.42857142857143')
def ll(x, tx, T):
    front = loggamma(r+x) - loggamma(r) + r*log(alpha) + s*log(beta)
    a = 1/((alpha+T)**(r+x) * (beta+T)**s)
    b = s * quad(lambda u: (alpha+u)**(-(r+x)) * (beta+u)**(-(s+1)), [tx, T])
    return front + log(a + b)
print("LL", ll(x2, tx2, T2))
rsx = r+s+x2
second = r + x2
larger, gap = beta, beta-alpha
for tm in [tx2, T2]:
    z = gap/(larger+tm)
    print("log2F1", log(hyp2f1(rsx, second, rsx+1, z)), "z", z)
print("s*A0 by 2F1:", s/(rsx) * (hyp2f1(rsx, second, rsx+1, gap/(larger+tx2))/(larger+tx2)**rsx - hyp2f1(rsx, second, rsx+1, gap/(larger+T2))/(larger+T2)**rsx))
print("s*A0 by quad:", s * quad(lambda u: (alpha+u)**(-(r+x2)) * (beta+u)**(-(s+1)), [tx2, T2]))
mp.dps = 60
sA0 = s/(rsx) * (hyp2f1(rsx, second, rsx+1, gap/(larger+tx2))/(larger+tx2)**rsx - hyp2f1(rsx, second, rsx+1, gap/(larger+T2))/(larger+T2)**rsx)
front = loggamma(r+x2) - loggamma(r) + r*log(alpha) + s*log(beta)
print("LL by 2F1", front + log(1/((alpha+T2)**(r+x2) * (beta+T2)**s) + sA0))
print("quad again", s * quad(lambda u: (alpha+u)**(-(r+x2)) * (beta+u)**(-(s+1)), [tx2, (tx2+T2)/2, T2], maxdegree=12))

# logF21NextCAgreesWithMpmath: log 2F1(a, b; a+1; z)
mp.dps = 50
for (a, b, z) in [(195.7362540282153, 97.86849554764964, 0.9993549760716466), (5100.3, 100.2, 0.9994),
                  (5100.3, 3.2, 0.9994), (22000.0, 1.5, 0.99999), (4.5, 1.2, 0.95), (200.0, 150.0, 0.99),
                  (10.0, 20.0, 0.5), (3000.0, 2.0, 0.3)]:
    print(a, b, z, log(hyp2f1(mpf(a), mpf(b), mpf(a) + 1, mpf(z))))
